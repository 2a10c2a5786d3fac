using System.Text.Json.Serialization;

namespace EventWizard.Shared.Copilot;

/// <summary>What a turn cost, measured by the server: the model that answered, its token counts, and how long it took.</summary>
public sealed record CopilotUsage(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("promptTokens")] int PromptTokens,
    [property: JsonPropertyName("completionTokens")] int CompletionTokens,
    [property: JsonPropertyName("latencyMs")] int LatencyMs)
{
    [JsonIgnore]
    public int TotalTokens => PromptTokens + CompletionTokens;
}
