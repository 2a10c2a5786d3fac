using System.Text.Json.Serialization;

namespace EventWizard.Shared.Analytics;

/// <summary>What one fold did.</summary>
/// <param name="Interactions">Interactions counted (those with a rating or from the assistant; others count nothing).</param>
/// <param name="Publishes">Publishes counted (events created since the last fold).</param>
/// <param name="Starts">Session starts counted (moved from the log of starts, sql/008).</param>
/// <param name="CounterRows">Counter rows written: one per organization, day, measure, label and bucket they touched.</param>
public sealed record AnalyticsFoldReport(
    [property: JsonPropertyName("interactions")] long Interactions,
    [property: JsonPropertyName("publishes")] long Publishes,
    [property: JsonPropertyName("starts")] long Starts,
    [property: JsonPropertyName("counterRows")] long CounterRows,
    [property: JsonPropertyName("elapsedMs")] long ElapsedMs);
