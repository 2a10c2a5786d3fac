using System.Text.Json.Serialization;

namespace EventWizard.Shared.Analytics;

/// <summary>What one fold did.</summary>
/// <param name="CounterRows">Counter rows written: one per organization, day, measure, label and bucket the folded interactions touched.</param>
public sealed record AnalyticsFoldReport(
    [property: JsonPropertyName("counterRows")] long CounterRows,
    [property: JsonPropertyName("elapsedMs")] long ElapsedMs);
