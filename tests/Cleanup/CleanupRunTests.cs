using Dapper;
using EventWizard.Shared.Cleanup;
using EventWizard.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static EventWizard.Tests.Cleanup.CleanupRows;

namespace EventWizard.Tests.Cleanup;

/// <summary>
/// Whole runs on a database of their own: exact counts, two runs at once, the time budget, cancellation.
/// The clock is set an hour back, so the run's cut-off is exactly that time.
/// </summary>
public sealed class CleanupRunTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly DateTimeOffset start = DateTimeOffset.UtcNow.AddHours(-1);

    [Fact]
    public async Task A_run_returns_the_exact_count_of_each_rule_over_all_tenants_and_the_next_run_finds_nothing()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var settings = new CleanupOptions { BatchSize = 2 };
        foreach (var (tenant, sessions) in new[] { (Guid.NewGuid(), 3), (Guid.NewGuid(), 2) })
        {
            await SessionAsync(db.Owner, tenant, "still-open", "in_progress", start, expiresAt: start.AddDays(7));
            for (var i = 0; i < sessions; i++)
            {
                await SessionAsync(db.Owner, tenant, $"expiring-{i}", "in_progress", start.AddDays(-8), expiresAt: start - Second);
                await SessionAsync(db.Owner, tenant, $"closed-long-ago-{i}", "abandoned", start.AddDays(-91));
                await InteractionAsync(db.Owner, tenant, $"closed-long-ago-{i}", start.AddDays(-1));
                await ActionAsync(db.Owner, tenant, $"closed-long-ago-{i}", "completed", start.AddDays(-91));
                await InteractionAsync(db.Owner, tenant, "still-open", start.AddDays(-31));
                await ActionAsync(db.Owner, tenant, "still-open", "in_progress", start.AddMinutes(-11));
            }
        }

        var first = await Runner(db.Runtime, new FakeTimeProvider(start), settings).RunAsync(CancellationToken.None);
        var second = await Runner(db.Runtime, new FakeTimeProvider(start), settings).RunAsync(CancellationToken.None);

        Assert.Equal(new CleanupReport(5, 5, 5, 5, Completed: true, Skipped: false, 0, 0),
            first with { ElapsedMs = 0, LongestStatementMs = 0 });
        Assert.Equal(0, await CountAsync(db.Owner, "select count(*) from wizard_sessions where session_id like 'closed-long-ago-%'"));
        Assert.Equal(0, await CountAsync(db.Owner,
            "select (select count(*) from wizard_interactions where session_id like 'closed-long-ago-%') " +
            "+ (select count(*) from wizard_actions where session_id like 'closed-long-ago-%')"));
        Assert.Equal(new CleanupReport(0, 0, 0, 0, Completed: true, Skipped: false, 0, 0),
            second with { ElapsedMs = 0, LongestStatementMs = 0 });
    }

    [Fact]
    public async Task Redaction_by_age_and_by_own_expiry_share_the_batches_until_neither_has_anything_due()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var org = Guid.NewGuid();
        await SessionAsync(db.Owner, org, "transcript", "completed", start);
        var settings = new CleanupOptions { BatchSize = 3, InteractionRetention = TimeSpan.FromDays(10) };
        List<Guid> due = [];
        for (var i = 0; i < 4; i++)
        {
            // Due by age only (older than the 10 days of the setting), and by their own expiry only.
            due.Add(await InteractionAsync(db.Owner, org, "transcript", start.AddDays(-11).AddMinutes(i), expiresAt: start.AddDays(5)));
            due.Add(await InteractionAsync(db.Owner, org, "transcript", start.AddDays(-2).AddMinutes(i), expiresAt: start.AddMinutes(-i - 1)));
        }
        var young = await InteractionAsync(db.Owner, org, "transcript", start.AddDays(-2), expiresAt: start.AddDays(5));

        var report = await Runner(db.Runtime, new FakeTimeProvider(start), settings).RunAsync(CancellationToken.None);

        Assert.Equal(8, report.InteractionsRedacted);
        Assert.True(report.Completed);
        foreach (var id in due)
        {
            Assert.Equal("[REDACTED]", (await InteractionStateAsync(db.Owner, id))?.Text);
        }
        Assert.Equal(new InteractionState("Plan a popup in Brooklyn", null), await InteractionStateAsync(db.Owner, young));
    }

    [Fact]
    public async Task A_second_run_while_one_is_running_is_skipped_at_once_and_the_first_finishes_the_work()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var org = Guid.NewGuid();
        await SessionAsync(db.Owner, org, "expiring", "in_progress", start.AddDays(-8), expiresAt: start - Second);
        var transcript = await InteractionAsync(db.Owner, org, "expiring", start.AddDays(-31));
        var runner = Runner(db.Runtime, new FakeTimeProvider(start));

        // The first run takes the lock, then waits at its redaction step behind a table lock held here.
        Task<CleanupReport> firstRun;
        await using (var blocker = await db.Owner.OpenConnectionAsync())
        await using (var tx = await blocker.BeginTransactionAsync())
        {
            await blocker.ExecuteAsync("lock table wizard_interactions in access exclusive mode", transaction: tx);
            firstRun = Task.Run(() => runner.RunAsync(CancellationToken.None));
            Assert.True(await LockWaits.BlockedInAsync(db.Name) is not null, $"No statement of {db.Name} started waiting on a lock within 30 s.");

            var second = await runner.RunAsync(CancellationToken.None);

            Assert.Equal(new CleanupReport(0, 0, 0, 0, Completed: false, Skipped: true, 0, 0), second with { ElapsedMs = 0 });
            await tx.RollbackAsync();
        }
        var first = await firstRun;

        Assert.False(first.Skipped);
        Assert.True(first.Completed);
        Assert.Equal(1, first.SessionsExpired);
        Assert.Equal(1, first.InteractionsRedacted);
        Assert.Equal("[REDACTED]", (await InteractionStateAsync(db.Owner, transcript))?.Text);
    }

    [Fact]
    public async Task Slow_statements_shrink_the_batches_and_the_run_still_finishes_everything_due()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var org = Guid.NewGuid();
        await SessionAsync(db.Owner, org, "long-chat", "completed", start);
        await using (var conn = await db.Owner.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("""
                insert into wizard_interactions (organization_id, session_id, role, text, created_at, expires_at)
                select @org, 'long-chat', 'user', 'message ' || n, @createdAt, @createdAt + interval '30 days'
                from generate_series(1, 450) n
                """, new { org, createdAt = start.AddDays(-31) });
        }
        var settings = new CleanupOptions { BatchSize = 300, StatementTarget = TimeSpan.FromMilliseconds(250) };
        // Each reading of this clock moves it a second on: every statement looks four times slower than the target,
        // so the batches stay at 100 (the minimum) until one comes back short, never the 300 of BatchSize.
        var slowClock = new FakeTimeProvider(start) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

        var report = await Runner(db.Runtime, slowClock, settings).RunAsync(CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Equal(450, report.InteractionsRedacted);
        Assert.Equal(0, await CountAsync(db.Owner, "select count(*) from wizard_interactions where redacted_at is null"));
    }

    [Fact]
    public async Task A_run_cut_off_by_its_time_budget_leaves_the_rest_and_the_next_run_carries_on()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var org = Guid.NewGuid();
        await SessionAsync(db.Owner, org, "publishing", "in_progress", start, expiresAt: start.AddDays(7));
        for (var i = 0; i < 7; i++)
        {
            await ActionAsync(db.Owner, org, "publishing", "in_progress", start.AddHours(-1));
        }
        await SessionAsync(db.Owner, org, "expiring", "in_progress", start.AddDays(-8), expiresAt: start - Second);
        var settings = new CleanupOptions { BatchSize = 3, TimeBudget = TimeSpan.FromMinutes(4) };
        // Each reading of this clock moves it 5 minutes on: the budget is spent after the first batch.
        var slowClock = new FakeTimeProvider(start) { AutoAdvanceAmount = TimeSpan.FromMinutes(5) };

        var cut = await Runner(db.Runtime, slowClock, settings).RunAsync(CancellationToken.None);
        var stuckAfterCut = await CountAsync(db.Owner, "select count(*) from wizard_actions where status = 'in_progress'");
        var resumed = await Runner(db.Runtime, new FakeTimeProvider(start), settings).RunAsync(CancellationToken.None);

        Assert.False(cut.Completed);
        Assert.Equal(3, cut.ActionsReleased);
        Assert.Equal(0, cut.SessionsExpired);
        Assert.Equal(4, stuckAfterCut);
        Assert.True(resumed.Completed);
        Assert.Equal(4, resumed.ActionsReleased);
        Assert.Equal(1, resumed.SessionsExpired);
        Assert.Equal(0, await CountAsync(db.Owner, "select count(*) from wizard_actions where status = 'in_progress'"));
        Assert.Equal(new SessionState("expired", false), await SessionStateAsync(db.Owner, org, "expiring"));
    }

    [Fact]
    public async Task A_run_cancelled_mid_statement_keeps_its_committed_batches_and_the_next_run_carries_on()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var org = Guid.NewGuid();
        await SessionAsync(db.Owner, org, "publishing", "in_progress", start, expiresAt: start.AddDays(7));
        for (var i = 0; i < 5; i++)
        {
            await ActionAsync(db.Owner, org, "publishing", "in_progress", start.AddHours(-1));
            await InteractionAsync(db.Owner, org, "publishing", start.AddDays(-31));
        }
        var settings = new CleanupOptions { BatchSize = 2 };
        using var stop = new CancellationTokenSource();

        await using (var blocker = await db.Owner.OpenConnectionAsync())
        await using (var tx = await blocker.BeginTransactionAsync())
        {
            await blocker.ExecuteAsync("lock table wizard_interactions in access exclusive mode", transaction: tx);
            var run = Task.Run(() => Runner(db.Runtime, new FakeTimeProvider(start), settings).RunAsync(stop.Token));
            Assert.True(await LockWaits.BlockedInAsync(db.Name) is not null, $"No statement of {db.Name} started waiting on a lock within 30 s.");
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            await tx.RollbackAsync();
        }
        var releasedBeforeTheStop = await CountAsync(db.Owner, "select count(*) from wizard_actions where status = 'failed'");
        var redactedBeforeTheStop = await CountAsync(db.Owner, "select count(*) from wizard_interactions where redacted_at is not null");
        var next = await Runner(db.Runtime, new FakeTimeProvider(start), settings).RunAsync(CancellationToken.None);

        Assert.Equal(5, releasedBeforeTheStop);
        Assert.Equal(0, redactedBeforeTheStop);
        Assert.False(next.Skipped);
        Assert.True(next.Completed);
        Assert.Equal(0, next.ActionsReleased);
        Assert.Equal(5, next.InteractionsRedacted);
    }

    [Fact]
    public async Task The_functions_cap_the_cut_off_at_the_server_clock_and_refuse_retention_below_their_floors()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var org = Guid.NewGuid();
        await SessionAsync(db.Owner, org, "expires-next-week", "in_progress", DateTimeOffset.UtcNow, expiresAt: DateTimeOffset.UtcNow.AddDays(7));
        await using var conn = await db.Runtime.OpenConnectionAsync();

        var expired = await conn.ExecuteScalarAsync<int>("select cleanup_expire_sessions(now() + interval '1 year', 100)");
        var shortRetention = await Assert.ThrowsAsync<PostgresException>(() =>
            conn.ExecuteScalarAsync<int>("select cleanup_redact_interactions(now(), interval '23 hours', 100)"));
        var shortDeletion = await Assert.ThrowsAsync<PostgresException>(() =>
            conn.ExecuteScalarAsync<int>("select cleanup_delete_closed_sessions(now(), interval '1 hour', 100)"));
        var shortLease = await Assert.ThrowsAsync<PostgresException>(() =>
            conn.ExecuteScalarAsync<int>("select cleanup_release_actions(now(), interval '10 seconds', 100)"));
        var hugeBatch = await Assert.ThrowsAsync<PostgresException>(() =>
            conn.ExecuteScalarAsync<int>("select cleanup_expire_sessions(now(), 1000000)"));

        Assert.Equal(0, expired);
        Assert.Equal(new SessionState("in_progress", true), await SessionStateAsync(db.Owner, org, "expires-next-week"));
        Assert.All(new[] { shortRetention, shortDeletion, shortLease, hugeBatch },
            error => Assert.Equal(PostgresErrorCodes.InvalidParameterValue, error.SqlState));
    }
}
