namespace EventWizard.Shared.Analytics;

/// <summary>The rollups of an organization over a range: the sessions by creation day, the other counts summed over the range.</summary>
public sealed record AnalyticsFigures(IReadOnlyList<AnalyticsDay> Days, IReadOnlyList<AnalyticsCount> Counts);
