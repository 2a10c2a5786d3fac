using System.Text.Json.Serialization;

namespace EventWizard.Shared.Stages;

/// <summary>A rule a stage schema cannot state: the issue code the validator reports for it, and what it asks.</summary>
public sealed record StageRule(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);
