using System.Text.Json.Serialization;
using EventWizard.Shared.Http;

namespace EventWizard.Shared.Publishing;

/// <summary>The body of GET /api/wizard-session/{sessionId}/publish-check: <c>{ ready, issues }</c>.</summary>
public sealed record PublishCheck(
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("issues")] IReadOnlyList<FieldIssue> Issues);
