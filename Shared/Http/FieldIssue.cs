using System.Text.Json.Serialization;

namespace EventWizard.Shared.Http;

/// <summary>
/// One thing wrong with a field: <c>{ field, code, message }</c>. A stage's issues (what keeps it from being
/// complete) and a problem's issues (what made a request fail) have this one shape, so a form shows the message
/// and a program branches on the code.
/// </summary>
public sealed record FieldIssue(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message)
{
    /// <summary>The same issue with its field under <paramref name="prefix"/> (<c>eventSetup.date</c>).</summary>
    public FieldIssue Under(string prefix) => this with { Field = $"{prefix}.{Field}" };
}
