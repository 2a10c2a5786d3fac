namespace EventWizard.Tests.Contract;

/// <summary>A response the OpenAPI document (docs/openapi.json) does not allow; the message says what and where.</summary>
public sealed class ContractViolationException(IReadOnlyList<string> violations)
    : Exception("The response breaks the OpenAPI contract (docs/openapi.json):\n" + string.Join("\n", violations.Select(v => "- " + v)))
{
    public IReadOnlyList<string> Violations { get; } = violations;
}
