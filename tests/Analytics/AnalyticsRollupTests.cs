using Dapper;
using EventWizard.Shared.Analytics;
using EventWizard.Shared.Data;
using EventWizard.Tests.Cleanup;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Analytics;

/// <summary>The rollups of sql/003_analytics.sql and sql/005 in the database: histogram precision, the backfill, and writes that do not queue.</summary>
public sealed class AnalyticsRollupTests
{
    [Fact]
    public async Task A_histogram_bucket_reports_its_values_within_5_percent_or_1()
    {
        var runtime = await TestDatabase.RuntimeAsync();
        await using var conn = await runtime.OpenConnectionAsync();

        var buckets = await conn.QueryAsync<(long Value, short Bucket)>("""
            select v, analytics_bucket(v)
            from (select generate_series(0, 20000)::bigint as v
                  union all select (1.013 ^ k)::bigint from generate_series(760, 1640) k) values
            """);

        Assert.All(buckets, b => Assert.True(Math.Abs(LogBuckets.Representative(b.Bucket) - b.Value) <= Math.Max(1, 0.05 * b.Value),
            $"{b.Value} is in bucket {b.Bucket}, reported as {LogBuckets.Representative(b.Bucket)}"));
    }

    [Fact]
    public async Task The_backfill_of_the_migration_writes_the_rollups_the_triggers_and_the_fold_wrote()
    {
        await using var db = await FreshDatabase.CreateAsync();
        var org = Guid.NewGuid();
        await using (var conn = await db.Owner.OpenConnectionAsync())
        {
            // The interactions below are up to 200 hours old and the publish two: the folds' last cutoffs go back before them
            // (sql/006, sql/007), and the starts were logged long enough ago for their fold to take them (sql/008).
            await conn.ExecuteAsync("update analytics_folds set folded_before = now() - interval '30 days'");
            await conn.ExecuteAsync(ArrangeSql, new { org, user = Guid.NewGuid() });
            await conn.ExecuteAsync("""
                update analytics_session_starts set logged_at = now() - interval '2 minutes';
                select analytics_fold_interactions(), analytics_fold_publishes(), analytics_fold_starts();
                """);
        }
        var byTriggers = await RollupsAsync(db);

        await using (var conn = await db.Owner.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("truncate analytics_session_days, analytics_counts; select analytics_backfill();");
        }
        var byBackfill = await RollupsAsync(db);

        Assert.Contains(",publish_failure,stripe_error,", byTriggers);
        Assert.Contains(",publish_failure,released_by_cleanup,", byTriggers);
        Assert.Contains(",time_to_publish,", byTriggers);
        Assert.Contains(",ai_turns,gpt-b,", byTriggers);
        Assert.Equal(byTriggers, byBackfill);
    }

    [Fact]
    public async Task The_backfill_refuses_rollups_that_are_not_empty()
    {
        await using var db = await FreshDatabase.CreateAsync();
        await using var conn = await db.Owner.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            insert into wizard_sessions (organization_id, session_id, user_id) values (gen_random_uuid(), 'one-session', gen_random_uuid());
            update analytics_session_starts set logged_at = now() - interval '2 minutes';
            select analytics_fold_starts();
            """);

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => conn.ExecuteAsync("select analytics_backfill()"));

        Assert.Equal("55000", error.SqlState);
    }

    [Fact]
    public async Task Sessions_started_at_once_in_one_organization_and_shard_do_not_wait_for_each_other_and_both_count()
    {
        var tenant = new Caller(Guid.NewGuid(), Guid.NewGuid());
        var db = new TenantDb(await TestDatabase.RuntimeAsync());
        var (first, second) = await SessionIdsAsync(sameShard: true);

        await using var holder = await db.BeginAsync(tenant, CancellationToken.None);
        await holder.ExecuteAsync(InsertSessionSql, new { tenant.OrganizationId, tenant.UserId, SessionId = first }, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using (var other = await db.BeginAsync(tenant, timeout.Token))
        {
            await other.ExecuteAsync(InsertSessionSql, new { tenant.OrganizationId, tenant.UserId, SessionId = second }, timeout.Token);
            await other.CommitAsync(timeout.Token);
        }
        await holder.CommitAsync(CancellationToken.None);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var figures = await new AnalyticsStore(db).ReadAsync(tenant, new AnalyticsQuery(today, today), CancellationToken.None);
        Assert.Equal(2, figures.Days.Sum(d => d.Started));
    }

    [Fact]
    public async Task Sessions_published_at_once_in_one_organization_do_not_wait_for_each_other_and_both_count()
    {
        var tenant = new Caller(Guid.NewGuid(), Guid.NewGuid());
        var db = new TenantDb(await TestDatabase.RuntimeAsync());
        var (first, second) = await SessionIdsAsync(sameShard: false);
        await using (var arrange = await db.BeginAsync(tenant, CancellationToken.None))
        {
            foreach (var sessionId in new[] { first, second })
            {
                await arrange.ExecuteAsync(InsertSessionSql, new { tenant.OrganizationId, tenant.UserId, SessionId = sessionId }, CancellationToken.None);
            }
            await arrange.CommitAsync(CancellationToken.None);
        }

        await using var holder = await db.BeginAsync(tenant, CancellationToken.None);
        await holder.ExecuteAsync(PublishSql, new { tenant.OrganizationId, tenant.UserId, SessionId = first }, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using (var other = await db.BeginAsync(tenant, timeout.Token))
        {
            await other.ExecuteAsync(PublishSql, new { tenant.OrganizationId, tenant.UserId, SessionId = second }, timeout.Token);
            await other.CommitAsync(timeout.Token);
        }
        await holder.CommitAsync(CancellationToken.None);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var figures = await new AnalyticsStore(db).ReadAsync(tenant, new AnalyticsQuery(today.AddDays(-1), today), CancellationToken.None);
        Assert.Equal(2, figures.Days.Sum(d => d.Published));
        Assert.Equal(2, figures.Counts.Where(c => c.Measure == "time_to_publish").Sum(c => c.N));
    }

    /// <summary>A publish as the publisher writes it: the event, and its session closed, in one statement.</summary>
    private const string PublishSql = """
        with ev as (
            insert into events (organization_id, user_id, source_session_id, title, type, event_date, start_time, status, published_at)
            values (@OrganizationId, @UserId, @SessionId, 'Launch ' || @SessionId, 'launch', date '2030-01-01', time '18:00', 'published', now())
            returning id
        )
        update wizard_sessions set status = 'completed', is_active = false, current_stage = 'reviewPublish', event_id = (select id from ev)
        where organization_id = @OrganizationId and session_id = @SessionId
        """;

    private const string InsertSessionSql =
        "insert into wizard_sessions (organization_id, session_id, user_id) values (@OrganizationId, @SessionId, @UserId)";

    /// <summary>Two session ids whose counter rows are one row or two (analytics_shard, sql/005).</summary>
    private static async Task<(string First, string Second)> SessionIdsAsync(bool sameShard)
    {
        await using var conn = await (await TestDatabase.RuntimeAsync()).OpenConnectionAsync();
        var ids = Enumerable.Range(0, 256).Select(_ => "shard-" + Guid.NewGuid().ToString("N")).ToArray();
        var shards = (await conn.QueryAsync<(string Id, int Shard)>("select id, analytics_shard(id)::int from unnest(@ids) id", new { ids })).ToList();
        var second = shards.Skip(1).First(s => (s.Shard == shards[0].Shard) == sameShard);
        return (shards[0].Id, second.Id);
    }

    /// <summary>Every rollup row as text, key and figures, in order.</summary>
    private static async Task<string> RollupsAsync(FreshDatabase db)
    {
        await using var conn = await db.Owner.OpenConnectionAsync();
        var days = await conn.QueryAsync<string>("select d::text from analytics_session_days d order by 1");
        var counts = await conn.QueryAsync<string>("select c::text from analytics_counts c order by 1");
        return string.Join('\n', days.Concat(counts));
    }

    /// <summary>
    /// Sessions at every stage and status, moved forward and back, one published two hours ago (its event's created_at and
    /// published_at are one time, as the publisher writes them), ratings, turns and failed publishes.
    /// </summary>
    private const string ArrangeSql = """
        insert into wizard_sessions (organization_id, session_id, user_id, current_stage, created_at)
        select @org, 'session-' || i, @user, (array['organizerSetup', 'eventSetup', 'ticketSetup', 'venueSetup', 'paymentSetup'])[1 + i % 5],
               now() - make_interval(days => i % 3, hours => i)
        from generate_series(1, 30) i;
        update wizard_sessions set current_stage = 'venueSetup' where session_id in ('session-1', 'session-2', 'session-3');
        update wizard_sessions set current_stage = 'organizerSetup' where session_id in ('session-1', 'session-2', 'session-4', 'session-9');
        update wizard_sessions set status = 'abandoned', is_active = false where session_id in ('session-5', 'session-6');
        update wizard_sessions set status = 'expired', is_active = false where session_id = 'session-7';
        insert into events (id, organization_id, user_id, source_session_id, title, type, event_date, start_time, status, published_at, created_at)
        values ('00000000-0000-4000-8000-0000000000e1', @org, @user, 'session-8', 'Launch', 'launch', date '2030-01-01', time '18:00', 'published',
                now() - interval '2 hours', now() - interval '2 hours');
        update wizard_sessions set status = 'completed', is_active = false, current_stage = 'reviewPublish',
               event_id = '00000000-0000-4000-8000-0000000000e1'
        where session_id = 'session-8';
        insert into wizard_interactions (organization_id, session_id, role, stage, model, latency_ms, tokens_used, csat_smallint, created_at)
        select @org, 'session-' || (1 + i % 30), (array['user', 'assistant', 'system'])[1 + i % 3],
               (array[null, 'eventSetup', 'ticketSetup'])[1 + i % 3], (array[null, 'gpt-a', 'gpt-b', 'gpt-c'])[1 + i % 4],
               case when i % 5 > 0 then i * 37 end, i * 11, case when i % 2 = 0 then 1 + i % 5 end, now() - make_interval(hours => i)
        from generate_series(1, 200) i;
        insert into wizard_actions (organization_id, user_id, session_id, name, idempotency_key, request_fingerprint, status, error_message)
        values (@org, @user, 'session-9', 'publishEvent', 'key-1', 'f', 'failed', 'stripe_error: card declined'),
               (@org, @user, 'session-9', 'publishEvent', 'key-2', 'f', 'failed', 'session_incomplete: eventSetup.date'),
               (@org, @user, 'session-9', 'connectStripe', 'key-3', 'f', 'failed', 'Stripe said no'),
               (@org, @user, 'session-10', 'publishEvent', 'key-4', 'f', 'in_progress', null);
        update wizard_actions set status = 'failed', error_message = 'Released by cleanup: in progress for longer than the lease (00:10:00) without finishing.'
        where idempotency_key = 'key-4';
        """;
}
