namespace EventWizard.Shared.Analytics;

/// <summary>
/// One count of the range: a measure (time_to_publish, csat_by_stage, csat_by_model, ai_turns, publish_failure), its
/// label (a stage, a model, a problem code), its bucket (a rating, a <see cref="LogBuckets"/> bucket), how many and
/// their sum (tokens, for ai_turns). sql/003_analytics.sql says what each holds.
/// </summary>
public sealed class AnalyticsCount
{
    public string Measure { get; init; } = "";
    public string Label { get; init; } = "";
    public short Bucket { get; init; }
    public long N { get; init; }
    public long Total { get; init; }
}
