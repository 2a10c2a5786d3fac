using System.Text.Json.Serialization;

namespace EventWizard.Shared.Copilot;

/// <summary>The body of a copilot turn (api.md): <c>{ reply, proposals, usage }</c>, camelCase as the contract writes it.</summary>
public sealed record CopilotReply(
    [property: JsonPropertyName("reply")] string Reply,
    [property: JsonPropertyName("proposals")] IReadOnlyList<CopilotProposal> Proposals,
    [property: JsonPropertyName("usage")] CopilotUsage Usage);
