using System.Diagnostics;
using Dapper;
using EventWizard.Shared.Observability;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWizard.Shared.Analytics;

/// <summary>
/// Adds the interactions, the publishes (events) and the session starts of the time since the last fold, up to a minute
/// ago, to the analytics counter rows (<c>analytics_fold_interactions()</c>, sql/006, <c>analytics_fold_publishes()</c>,
/// sql/007, and <c>analytics_fold_starts()</c>, sql/008), for every organization, in one round trip. Reads see unfolded
/// rows too, so the fold keeps reads short rather than making figures appear.
/// </summary>
public sealed class AnalyticsFold(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<AnalyticsFold> logger)
{
    public const string SpanName = "analytics fold";

    private const string FoldSql = """
        select i.interactions, p.publishes, s.starts, i.counter_rows + p.counter_rows + s.counter_rows
        from analytics_fold_interactions() i, analytics_fold_publishes() p, analytics_fold_starts() s
        """;

    public async Task<AnalyticsFoldReport> RunAsync(CancellationToken ct)
    {
        using var span = WizardTelemetry.Source.StartActivity(SpanName, ActivityKind.Internal);
        var started = clock.GetTimestamp();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var (interactions, publishes, starts, counterRows) =
            await conn.QuerySingleAsync<(long, long, long, long)>(new CommandDefinition(FoldSql, cancellationToken: ct));
        var report = new AnalyticsFoldReport(interactions, publishes, starts, counterRows,
            (long)clock.GetElapsedTime(started).TotalMilliseconds);
        span?.SetTag(TelemetryTags.AnalyticsFoldedInteractions, report.Interactions)
            .SetTag(TelemetryTags.AnalyticsFoldedPublishes, report.Publishes)
            .SetTag(TelemetryTags.AnalyticsFoldedStarts, report.Starts)
            .SetTag(TelemetryTags.AnalyticsCounterRows, report.CounterRows);
        logger.LogInformation(
            "Analytics fold counted {Interactions} interactions, {Publishes} publishes and {Starts} session starts into {CounterRows} counter rows in {ElapsedMs} ms",
            report.Interactions, report.Publishes, report.Starts, report.CounterRows, report.ElapsedMs);
        return report;
    }
}
