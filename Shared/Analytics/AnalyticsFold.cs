using System.Diagnostics;
using Dapper;
using EventWizard.Shared.Observability;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWizard.Shared.Analytics;

/// <summary>
/// Adds the interactions created since the last fold, up to a minute ago, to the analytics counter rows
/// (<c>analytics_fold_interactions()</c>, sql/006), for every organization in one statement. Reads see unfolded
/// interactions too, so the fold keeps reads short rather than making figures appear.
/// </summary>
public sealed class AnalyticsFold(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<AnalyticsFold> logger)
{
    public const string SpanName = "analytics fold";

    public async Task<AnalyticsFoldReport> RunAsync(CancellationToken ct)
    {
        using var span = WizardTelemetry.Source.StartActivity(SpanName, ActivityKind.Internal);
        var started = clock.GetTimestamp();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.ExecuteScalarAsync<long>(new CommandDefinition("select analytics_fold_interactions()", cancellationToken: ct));
        var report = new AnalyticsFoldReport(rows, (long)clock.GetElapsedTime(started).TotalMilliseconds);
        span?.SetTag(TelemetryTags.AnalyticsFoldedRows, rows);
        logger.LogInformation("Analytics fold wrote {CounterRows} counter rows in {ElapsedMs} ms", report.CounterRows, report.ElapsedMs);
        return report;
    }
}
