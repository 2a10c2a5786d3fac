using Dapper;
using EventWizard.Shared.Data;
using EventWizard.Shared.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EventWizard.Shared.Cleanup;

/// <summary>
/// One cleanup run across all tenants: releases stuck actions, deletes closed sessions past their
/// retention, expires sessions, redacts old interactions. Each step calls its SQL function (sql/001)
/// batch after batch, each batch one statement and one short transaction, until a batch comes back short
/// or the time budget is spent. A session-level advisory lock keeps two runs from overlapping.
/// </summary>
public sealed class CleanupRunner(NpgsqlDataSource dataSource, IOptions<CleanupOptions> options, TimeProvider clock,
    ILogger<CleanupRunner> logger)
{
    /// <summary>The advisory lock key of cleanup runs (advisory locks are per database).</summary>
    public const long LockKey = 7_406_211_005;

    // Deleting before redacting spares the redaction of interactions whose session is about to go; the
    // expiry step between them gives autovacuum time to clear the interactions the deletes left dead.
    private static readonly Step[] Steps =
    [
        new(Count.ActionsReleased, "select cleanup_release_actions(@AsOf, @ActionLease, @BatchSize)"),
        new(Count.SessionsDeleted, "select cleanup_delete_closed_sessions(@AsOf, @ClosedSessionRetention, @BatchSize)"),
        new(Count.SessionsExpired, "select cleanup_expire_sessions(@AsOf, @BatchSize)"),
        new(Count.InteractionsRedacted, "select cleanup_redact_interactions(@AsOf, @InteractionRetention, @BatchSize)"),
    ];

    /// <summary>The event of the per-batch debug log line (step, batch number, rows, statement ms).</summary>
    public static readonly EventId BatchEvent = new(5001, "CleanupBatch");

    private const string TryLockSql = "select pg_try_advisory_lock(@LockKey)";
    private const string UnlockSql = "select pg_advisory_unlock(@LockKey)";

    public async Task<CleanupReport> RunAsync(CancellationToken ct)
    {
        using var span = CleanupTelemetry.StartRun();
        var settings = options.Value;
        var started = clock.GetTimestamp();
        var asOf = clock.GetUtcNow();

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(TryLockSql, new { LockKey }, cancellationToken: ct)))
        {
            logger.LogInformation("Cleanup skipped: another run holds the cleanup lock");
            return new CleanupReport(0, 0, 0, 0, Completed: false, Skipped: true, Milliseconds(clock.GetElapsedTime(started)), 0);
        }
        var run = new Progress();
        try
        {
            var parameters = new StepParameters(asOf, settings.ActionLease, settings.ClosedSessionRetention, settings.InteractionRetention);
            var completed = true;
            foreach (var step in Steps)
            {
                completed = await RunStepAsync(conn, step, parameters, settings, run, ct);
                if (!completed)
                {
                    break;
                }
            }
            var report = run.Report(completed, Milliseconds(clock.GetElapsedTime(started)));
            logger.LogInformation(
                "Cleanup {Outcome} in {ElapsedMs} ms: {SessionsExpired} sessions expired, {InteractionsRedacted} interactions redacted, " +
                "{SessionsDeleted} sessions deleted, {ActionsReleased} actions released; longest statement {LongestStatementMs} ms",
                completed ? "completed" : "stopped at its time budget (the next run carries on)", report.ElapsedMs,
                report.SessionsExpired, report.InteractionsRedacted, report.SessionsDeleted, report.ActionsReleased, report.LongestStatementMs);
            return report;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            var report = run.Report(false, Milliseconds(clock.GetElapsedTime(started)));
            logger.LogWarning(
                "Cleanup cancelled after {ElapsedMs} ms (committed batches stay; the next run carries on): {SessionsExpired} sessions expired, " +
                "{InteractionsRedacted} interactions redacted, {SessionsDeleted} sessions deleted, {ActionsReleased} actions released",
                report.ElapsedMs, report.SessionsExpired, report.InteractionsRedacted, report.SessionsDeleted, report.ActionsReleased);
            throw;
        }
        finally
        {
            await UnlockAsync(conn);
        }
    }

    /// <summary>Runs one step's batches; false when the budget ran out before the step was done.</summary>
    private async Task<bool> RunStepAsync(NpgsqlConnection conn, Step step, StepParameters parameters, CleanupOptions settings,
        Progress run, CancellationToken ct)
    {
        var stepName = TelemetryNames<Count>.Of(step.Counts);
        using var span = CleanupTelemetry.StartStep(stepName);
        var sizer = new BatchSizer(settings.BatchSize, settings.StatementTarget);
        var stepStarted = clock.GetTimestamp();
        var batches = 0;
        long rows = 0;
        long longest = 0;
        var finished = false;
        while (!finished)
        {
            // The first batch of a run always goes, so every run makes progress.
            if (run.Batches > 0 && clock.GetUtcNow() - parameters.AsOf >= settings.TimeBudget)
            {
                break;
            }
            var batchSize = sizer.Size;
            var statementStarted = clock.GetTimestamp();
            var changed = await conn.ExecuteScalarAsync<int>(new CommandDefinition(step.Sql,
                SqlParameters.Of(parameters).Add("BatchSize", batchSize), cancellationToken: ct));
            var elapsed = clock.GetElapsedTime(statementStarted);
            var ms = Milliseconds(elapsed);
            run.Add(step.Counts, changed, ms);
            batches++;
            logger.LogDebug(BatchEvent, "Cleanup batch {Step} #{Batch}: {Rows} of at most {BatchSize} rows in {StatementMs} ms",
                step.Counts, batches, changed, batchSize, ms);
            rows += changed;
            longest = Math.Max(longest, ms);
            finished = changed < batchSize;
            sizer.Observe(elapsed);
        }
        logger.LogInformation(
            "Cleanup step {Step}: {Rows} rows in {Batches} batches, {ElapsedMs} ms, longest statement {LongestStatementMs} ms, finished {Finished}",
            step.Counts, rows, batches, Milliseconds(clock.GetElapsedTime(stepStarted)), longest, finished);
        CleanupTelemetry.EndStep(span, stepName, rows, batches, finished);
        return finished;
    }

    private async Task UnlockAsync(NpgsqlConnection conn)
    {
        try
        {
            if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(UnlockSql, new { LockKey }, cancellationToken: CancellationToken.None)))
            {
                // The lock was taken on another server session: the connection goes through a transaction-mode
                // pooler, where the lock would stay held on a pooled server connection and skip every later run.
                logger.LogError(
                    "Cleanup's advisory lock was not held by its own connection at the end of the run. The runtime connection " +
                    "must reach PostgreSQL directly (port 5432), not through PgBouncer in transaction mode (port 6432).");
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // A broken connection is not returned to the pool; its session, and the lock, end with it.
            logger.LogWarning(ex, "Cleanup could not release its lock explicitly; it is released with the connection");
        }
    }

    private static long Milliseconds(TimeSpan elapsed) => (long)elapsed.TotalMilliseconds;

    private enum Count { ActionsReleased, SessionsDeleted, SessionsExpired, InteractionsRedacted }

    private sealed record Step(Count Counts, string Sql);

    private sealed record StepParameters(DateTimeOffset AsOf, TimeSpan ActionLease, TimeSpan ClosedSessionRetention,
        TimeSpan InteractionRetention);

    /// <summary>Rows changed so far, per <see cref="Count"/>.</summary>
    private sealed class Progress
    {
        private readonly long[] rows = new long[Enum.GetValues<Count>().Length];

        public int Batches { get; private set; }
        public long LongestStatementMs { get; private set; }

        public void Add(Count count, int changed, long statementMs)
        {
            rows[(int)count] += changed;
            Batches++;
            LongestStatementMs = Math.Max(LongestStatementMs, statementMs);
        }

        public CleanupReport Report(bool completed, long elapsedMs) => new(
            SessionsExpired: rows[(int)Count.SessionsExpired], InteractionsRedacted: rows[(int)Count.InteractionsRedacted],
            SessionsDeleted: rows[(int)Count.SessionsDeleted], ActionsReleased: rows[(int)Count.ActionsReleased],
            Completed: completed, Skipped: false, ElapsedMs: elapsedMs, LongestStatementMs: LongestStatementMs);
    }
}
