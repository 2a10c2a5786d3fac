using Dapper;
using EventWizard.Shared.Analytics;
using EventWizard.Shared.Data;
using EventWizard.Tests.Cleanup;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventWizard.Tests.Analytics;

/// <summary>
/// Interactions and publishes are folded into the counter rows a minute after they are created (sql/006, sql/007): the
/// figures read the same before and after a fold, an interaction redacted or deleted before its fold still counts once,
/// and the unfolded rows a read adds are the caller's organization's only. Each test has its own database: the fold is global.
/// </summary>
public sealed class AnalyticsFoldTests
{
    [Fact]
    public async Task Turns_and_ratings_read_the_same_before_and_after_the_fold_counts_them()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var tenant = new Caller(Guid.NewGuid(), Guid.NewGuid());
        await ArrangeAsync(db, tenant, "session-1", "session-2");

        var unfolded = await ReadAsync(db, tenant);
        var folded = await FoldAsync(db);
        var afterFold = await ReadAsync(db, tenant);
        var foldedAgain = await FoldAsync(db);

        Assert.Equal("ai_turns/gpt-fold/155 n=2 total=1200; csat_by_model/gpt-fold/4 n=2 total=0; csat_by_stage/venueSetup/4 n=2 total=0",
            unfolded);
        Assert.Equal((4L, 3L), (folded.Interactions, folded.CounterRows));
        Assert.Equal(unfolded, afterFold);
        Assert.Equal((0L, 0L), (foldedAgain.Interactions, foldedAgain.CounterRows));
        Assert.Equal(6, await ScalarAsync(db, "select sum(n) from analytics_counts where organization_id = @OrganizationId", tenant));
        Assert.Equal(2, await ScalarAsync(db,  // the interactions' cutoff and the publishes'
            "select count(*) from analytics_folds where folded_before between now() - interval '61 seconds' and now() - interval '59 seconds'", tenant));
    }

    [Fact]
    public async Task Publishes_read_the_same_before_and_after_the_fold_counts_them()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var tenant = new Caller(Guid.NewGuid(), Guid.NewGuid());
        await ArrangePublishesAsync(db, tenant, "published-1", "published-2");

        var unfolded = await ReadPublishesAsync(db, tenant);
        var folded = await FoldAsync(db);
        var afterFold = await ReadPublishesAsync(db, tenant);
        var foldedAgain = await FoldAsync(db);

        Assert.Equal("published=2; time_to_publish/180 n=2", unfolded);
        Assert.Equal(2L, folded.Publishes);
        Assert.Equal(unfolded, afterFold);
        Assert.Equal((0L, 0L), (foldedAgain.Publishes, foldedAgain.CounterRows));
        Assert.Equal(2, await ScalarAsync(db, "select sum(published) from analytics_session_days where organization_id = @OrganizationId", tenant));
        Assert.Equal(2, await ScalarAsync(db,
            "select sum(n) from analytics_counts where organization_id = @OrganizationId and measure = 'time_to_publish'", tenant));
    }

    [Fact]
    public async Task Session_starts_read_the_same_before_and_after_the_fold_counts_them()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var tenant = new Caller(Guid.NewGuid(), Guid.NewGuid());
        await ArrangeStartsAsync(db, tenant, loggedAgo: TimeSpan.FromMinutes(2));

        var unfolded = await ReadStartsAsync(db, tenant);
        var folded = await FoldAsync(db);
        var afterFold = await ReadStartsAsync(db, tenant);
        var foldedAgain = await FoldAsync(db);

        Assert.Equal("started=3 reached_event_setup=2 reached_venue_setup=1 abandoned=1", unfolded);
        Assert.Equal((3L, 3L), (folded.Starts, folded.CounterRows));  // yesterday's row, and today's two sessions' shards
        Assert.Equal(unfolded, afterFold);
        Assert.Equal((0L, 0L), (foldedAgain.Starts, foldedAgain.CounterRows));
        Assert.Equal(0, await ScalarAsync(db, "select count(*) from analytics_session_starts", tenant));
        Assert.Equal(3, await ScalarAsync(db, "select sum(started) from analytics_session_days where organization_id = @OrganizationId", tenant));
    }

    [Fact]
    public async Task A_start_logged_within_the_last_minute_stays_in_the_log_and_in_the_figures()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var tenant = new Caller(Guid.NewGuid(), Guid.NewGuid());
        await ArrangeStartsAsync(db, tenant, loggedAgo: TimeSpan.FromSeconds(50));

        var folded = await FoldAsync(db);

        Assert.Equal((0L, 0L), (folded.Starts, folded.CounterRows));
        Assert.Equal(3, await ScalarAsync(db, "select count(*) from analytics_session_starts", tenant));
        Assert.Equal("started=3 reached_event_setup=2 reached_venue_setup=1 abandoned=1", await ReadStartsAsync(db, tenant));
    }

    [Fact]
    public async Task The_backfill_empties_the_log_of_the_starts_it_counts_so_each_counts_once()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var tenant = new Caller(Guid.NewGuid(), Guid.NewGuid());
        await ArrangeStartsAsync(db, tenant, loggedAgo: TimeSpan.FromMinutes(2));
        var before = await ReadStartsAsync(db, tenant);

        await using (var owner = await db.Owner.OpenConnectionAsync())
        {
            await owner.ExecuteAsync("truncate analytics_session_days, analytics_counts; select analytics_backfill()");
        }
        var afterBackfill = await ReadStartsAsync(db, tenant);
        var folded = await FoldAsync(db);

        Assert.Equal(before, afterBackfill);
        Assert.Equal(0L, folded.Starts);
        Assert.Equal(before, await ReadStartsAsync(db, tenant));
    }

    [Fact]
    public async Task A_publish_from_the_review_step_writes_no_counter_row_in_its_transaction()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var tenant = new Caller(Guid.NewGuid(), Guid.NewGuid());
        const string RowVersionsSql = """
            select string_agg(format('%s/%s', shard, xmin), ',' order by shard) from analytics_session_days
            where organization_id = @OrganizationId
            """;
        await using var conn = await db.Owner.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            insert into wizard_sessions (organization_id, session_id, user_id, current_stage, created_at)
            values (@org, 'at-review', @user, 'reviewPublish', now() - interval '2 hours');
            update analytics_session_starts set logged_at = now() - interval '2 minutes';
            """, new { org = tenant.OrganizationId, user = tenant.UserId });
        await FoldAsync(db);  // the start's counter row, which the publish must leave alone
        var before = await ScalarAsync<string>(db, RowVersionsSql, tenant);

        await conn.ExecuteAsync("""
            with ev as (
                insert into events (organization_id, user_id, source_session_id, title, type, event_date, start_time, status, published_at)
                values (@org, @user, 'at-review', 'Launch', 'launch', date '2030-01-01', time '18:00', 'published', now())
                returning id
            )
            update wizard_sessions set status = 'completed', is_active = false, current_stage = 'reviewPublish', event_id = (select id from ev)
            where organization_id = @org and session_id = 'at-review'
            """, new { org = tenant.OrganizationId, user = tenant.UserId });

        Assert.NotNull(before);
        Assert.Equal(before, await ScalarAsync<string>(db, RowVersionsSql, tenant));
        Assert.Equal("published=1; time_to_publish/182 n=1", await ReadPublishesAsync(db, tenant));  // 7,200 s and the test's own
    }

    [Fact]
    public async Task A_session_completed_without_an_event_counts_no_publish_and_leaving_completed_moves_no_count()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var tenant = new Caller(Guid.NewGuid(), Guid.NewGuid());
        await using (var conn = await db.Owner.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("""
                insert into wizard_sessions (organization_id, session_id, user_id, current_stage)
                values (@org, 'completed-by-hand', @user, 'reviewPublish');
                update wizard_sessions set status = 'completed', is_active = false where session_id = 'completed-by-hand';
                update wizard_sessions set status = 'abandoned' where session_id = 'completed-by-hand';
                update analytics_session_starts set logged_at = now() - interval '2 minutes';
                """, new { org = tenant.OrganizationId, user = tenant.UserId });
        }
        await FoldAsync(db);

        var funnel = await ScalarAsync<string>(db, """
            select format('started=%s reached_review_publish=%s published=%s abandoned=%s',
                          sum(started), sum(reached_review_publish), sum(published), sum(abandoned))
            from analytics_session_days where organization_id = @OrganizationId
            """, tenant);

        Assert.Equal("started=1 reached_review_publish=1 published=0 abandoned=1", funnel);
    }

    [Fact]
    public async Task Interactions_redacted_or_deleted_before_a_fold_reached_them_still_count_once()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var tenant = new Caller(Guid.NewGuid(), Guid.NewGuid());
        await ArrangeAsync(db, tenant, "redacted-session", "deleted-session");
        var before = await ReadAsync(db, tenant);

        await using (var owner = await db.Owner.OpenConnectionAsync())
        {
            await owner.ExecuteAsync("""
                update wizard_interactions set text = '[REDACTED]', redacted_at = now() where session_id = 'redacted-session';
                delete from wizard_sessions where session_id = 'deleted-session';
                """);
        }
        var afterLeaving = await ReadAsync(db, tenant);
        var folded = await FoldAsync(db);
        var afterFold = await ReadAsync(db, tenant);

        Assert.Equal(before, afterLeaving);
        Assert.Equal((0L, 0L), (folded.Interactions, folded.CounterRows));
        Assert.Equal(before, afterFold);
        Assert.Equal(0, await ScalarAsync(db, "select count(*) from wizard_interactions where redacted_at is null", tenant));
    }

    [Fact]
    public async Task A_read_adds_the_unfolded_interactions_publishes_and_starts_of_its_own_organization_only()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var tenant = new Caller(Guid.NewGuid(), Guid.NewGuid());
        var other = new Caller(Guid.NewGuid(), Guid.NewGuid());
        await ArrangeAsync(db, other, "other-session-1", "other-session-2");
        await ArrangePublishesAsync(db, other, "other-published-1", "other-published-2");

        var read = await ReadAsync(db, tenant);
        var published = await ReadPublishesAsync(db, tenant);
        var starts = await ReadStartsAsync(db, tenant);
        var asked = await new TenantDb(db.Runtime).QueryAsync<long>(tenant, """
            select (select count(*) from analytics_unfolded_counts(@Other, current_date - 1, current_date))
                 + (select count(*) from analytics_unfolded_publishes(@Other, current_date - 1, current_date))
                 + (select count(*) from analytics_unfolded_starts(@Other, current_date - 1, current_date))
            """, new { Other = other.OrganizationId }, CancellationToken.None);

        Assert.Equal("", read);
        Assert.Equal("published=0", published);
        Assert.Equal("started=0 reached_event_setup=0 reached_venue_setup=0 abandoned=0", starts);
        Assert.Equal([0L], asked);
        Assert.StartsWith("started=4 ", await ReadStartsAsync(db, other));
        Assert.NotEqual("", await ReadAsync(db, other));
        Assert.Equal("published=2; time_to_publish/180 n=2", await ReadPublishesAsync(db, other));
    }

    [Fact]
    public async Task A_fold_waits_for_a_backfill_in_progress_instead_of_writing_the_rows_it_writes()
    {
        await using var db = await FreshDatabase.CreateAsync();
        await ArrangeAsync(db, new Caller(Guid.NewGuid(), Guid.NewGuid()), "backfilled-1", "backfilled-2");
        await using var owner = await db.Owner.OpenConnectionAsync();
        await owner.ExecuteAsync("truncate analytics_session_days, analytics_counts");
        // The backfill stops at its counter rows (they join events) while the fold is tried beside it.
        await using var holder = await db.Owner.OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("lock table events in access exclusive mode", transaction: hold);
        var backfill = owner.ExecuteAsync("select analytics_backfill()");
        await Task.Delay(TimeSpan.FromSeconds(1));

        await using var runtime = await db.Runtime.OpenConnectionAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            runtime.ExecuteAsync("set statement_timeout = 2000; select analytics_fold_interactions()"));
        await hold.CommitAsync();
        await backfill;
        var folded = await FoldAsync(db);

        Assert.Equal(PostgresErrorCodes.QueryCanceled, error.SqlState);
        Assert.Equal((0L, 0L), (folded.Interactions, folded.CounterRows));
        Assert.Equal(6, await ScalarAsync(db, "select sum(n) from analytics_counts where measure <> 'time_to_publish'", new Caller(Guid.Empty, Guid.Empty)));
    }

    [Theory]
    [InlineData("select analytics_add_interaction_counts(array(select i from wizard_interactions i))")]
    [InlineData("select analytics_count_unfolded(array(select i from wizard_interactions i))")]
    [InlineData("update analytics_folds set folded_before = '-infinity'")]
    [InlineData("delete from analytics_session_starts")]
    [InlineData("update analytics_session_starts set logged_at = now() - interval '1 hour'")]
    [InlineData("select analytics_backfill()")]
    public async Task The_runtime_role_cannot_add_counts_of_its_choosing_take_starts_or_move_the_fold(string sql)
    {
        await using var db = await FreshDatabase.CreateAsync();
        await using var conn = await db.Runtime.OpenConnectionAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    /// <summary>
    /// Two sessions, each with an assistant turn (2,000 ms: analytics_bucket 155; 600 tokens) and a rating of 4,
    /// created ten minutes ago, while the last fold's cutoff is an hour old: the state of a fold that is behind.
    /// </summary>
    private static async Task ArrangeAsync(FreshDatabase db, Caller tenant, string firstSession, string secondSession)
    {
        await using var conn = await db.Owner.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            update analytics_folds set folded_before = now() - interval '1 hour';
            insert into wizard_sessions (organization_id, session_id, user_id) values (@org, @first, @user), (@org, @second, @user);
            insert into wizard_interactions (organization_id, session_id, role, stage, model, latency_ms, tokens_used, csat_smallint, created_at)
            select @org, s, r.role, 'venueSetup', 'gpt-fold', r.latency, r.tokens, r.csat, now() - interval '10 minutes'
            from unnest(array[@first, @second]) s
            cross join (values ('assistant', 2000, 600, null::smallint), ('user', null, null, 4::smallint)) r(role, latency, tokens, csat);
            """, new { org = tenant.OrganizationId, user = tenant.UserId, first = firstSession, second = secondSession });
    }

    /// <summary>
    /// Two sessions created two hours ago and published ten minutes ago (as the publisher writes a publish: the event with
    /// published_at = created_at = now() and its session closed, in one transaction), while the last fold's cutoff is an
    /// hour old. Time to publish 6,600 s: analytics_bucket 180.
    /// </summary>
    private static async Task ArrangePublishesAsync(FreshDatabase db, Caller tenant, string firstSession, string secondSession)
    {
        await using var conn = await db.Owner.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            update analytics_folds set folded_before = now() - interval '1 hour';
            insert into wizard_sessions (organization_id, session_id, user_id, current_stage, created_at)
            select @org, s, @user, 'reviewPublish', now() - interval '2 hours' from unnest(array[@first, @second]) s;
            with published as (
                insert into events (organization_id, user_id, source_session_id, title, type, event_date, start_time, status,
                                    published_at, created_at)
                select @org, @user, s, 'Launch ' || s, 'launch', date '2030-01-01', time '18:00', 'published',
                       now() - interval '10 minutes', now() - interval '10 minutes'
                from unnest(array[@first, @second]) s
                returning id, source_session_id
            )
            update wizard_sessions w set status = 'completed', is_active = false, event_id = p.id
            from published p where w.organization_id = @org and w.session_id = p.source_session_id;
            """, new { org = tenant.OrganizationId, user = tenant.UserId, first = firstSession, second = secondSession });
    }

    /// <summary>
    /// Three sessions, their starts logged <paramref name="loggedAgo"/>: one created yesterday and moved on to eventSetup,
    /// one created today at venueSetup, one created today and abandoned at once.
    /// </summary>
    private static async Task ArrangeStartsAsync(FreshDatabase db, Caller tenant, TimeSpan loggedAgo)
    {
        await using var conn = await db.Owner.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            insert into wizard_sessions (organization_id, session_id, user_id, current_stage, status, is_active, created_at)
            values (@org, 'started-yesterday', @user, 'organizerSetup', 'in_progress', true, now() - interval '1 day'),
                   (@org, 'started-at-venue', @user, 'venueSetup', 'in_progress', true, now()),
                   (@org, 'started-abandoned', @user, 'organizerSetup', 'abandoned', false, now());
            update wizard_sessions set current_stage = 'eventSetup' where organization_id = @org and session_id = 'started-yesterday';
            update analytics_session_starts set logged_at = now() - @loggedAgo where organization_id = @org;
            """, new { org = tenant.OrganizationId, user = tenant.UserId, loggedAgo });
    }

    /// <summary>The funnel's starts of the last two days as the API reads them.</summary>
    private static async Task<string> ReadStartsAsync(FreshDatabase db, Caller tenant)
    {
        var days = (await FiguresAsync(db, tenant)).Days;
        return $"started={days.Sum(d => d.Started)} reached_event_setup={days.Sum(d => d.ReachedEventSetup)} " +
               $"reached_venue_setup={days.Sum(d => d.ReachedVenueSetup)} abandoned={days.Sum(d => d.Abandoned)}";
    }

    /// <summary>The publishes of the last two days as the API reads them: the funnel's published, and time to publish by bucket.</summary>
    private static async Task<string> ReadPublishesAsync(FreshDatabase db, Caller tenant)
    {
        var figures = await FiguresAsync(db, tenant);
        return string.Join("; ", figures.Counts.Where(c => c.Measure == "time_to_publish").OrderBy(c => c.Bucket)
            .Select(c => $"{c.Measure}/{c.Bucket} n={c.N}")
            .Prepend($"published={figures.Days.Sum(d => d.Published)}"));
    }

    /// <summary>The counts of the last two days as the API reads them, one line per measure, label and bucket.</summary>
    private static async Task<string> ReadAsync(FreshDatabase db, Caller tenant)
    {
        var figures = await FiguresAsync(db, tenant);
        return string.Join("; ", figures.Counts
            .OrderBy(c => c.Measure, StringComparer.Ordinal).ThenBy(c => c.Label, StringComparer.Ordinal).ThenBy(c => c.Bucket)
            .Select(c => $"{c.Measure}/{c.Label}/{c.Bucket} n={c.N} total={c.Total}"));
    }

    /// <summary>The figures of the last two days, read as the API reads them.</summary>
    private static Task<AnalyticsFigures> FiguresAsync(FreshDatabase db, Caller tenant)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new AnalyticsStore(new TenantDb(db.Runtime)).ReadAsync(tenant, new AnalyticsQuery(today.AddDays(-1), today), CancellationToken.None);
    }

    private static Task<AnalyticsFoldReport> FoldAsync(FreshDatabase db) =>
        new AnalyticsFold(db.Runtime, TimeProvider.System, NullLogger<AnalyticsFold>.Instance).RunAsync(CancellationToken.None);

    private static Task<long> ScalarAsync(FreshDatabase db, string sql, Caller tenant) => ScalarAsync<long>(db, sql, tenant);

    private static async Task<T> ScalarAsync<T>(FreshDatabase db, string sql, Caller tenant)
    {
        await using var conn = await db.Owner.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, new { tenant.OrganizationId }))!;
    }
}
