using System.Text.Json.Serialization;

namespace EventWizard.Shared.Stages;

/// <summary>One thing that keeps a stage from being complete: <c>{ field, code, message }</c>.</summary>
public sealed record StageIssue(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);
