using Dapper;
using EventWizard.Tests.Cleanup;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Analytics.AnalyticsApi;

namespace EventWizard.Tests.Analytics;

/// <summary>
/// Analytics outlive retention: the nightly cleanup deletes a closed session (its transcript and actions with it) and
/// redacts an old transcript, and the figures of the days behind them read the same before and after.
/// </summary>
[Collection(CleanupCollection.Name)]
public sealed class AnalyticsRetentionTests
{
    [Fact]
    public async Task A_past_days_figures_read_the_same_after_the_nightly_cleanup_deleted_and_redacted_the_rows_behind_them()
    {
        var tenant = await TestHost.NewTenantAsync();
        var org = tenant.OrganizationId;
        var owner = await TestDatabase.OwnerAsync();
        var createdAt = DateTimeOffset.UtcNow.AddDays(-100);
        await ArrangeAsync(org, createdAt);
        var day = DateOnly.FromDateTime(createdAt.UtcDateTime);

        var before = await ReadAsync(tenant, day.AddDays(-3), day.AddDays(3));
        await CleanupRows.Runner(await TestDatabase.RuntimeAsync(), TimeProvider.System).RunAsync(CancellationToken.None);
        var after = await ReadAsync(tenant, day.AddDays(-3), day.AddDays(3));

        Assert.Null(await CleanupRows.SessionStateAsync(owner, org, "abandoned-long-ago"));
        Assert.Equal(0, await CleanupRows.CountAsync(owner,
            "select count(*) from wizard_interactions where organization_id = @org and redacted_at is null", new { org }));
        Assert.Equal(2, before.GetProperty("funnel").GetProperty("started").GetInt64());
        Assert.Equal(1, before.GetProperty("funnel").GetProperty("abandoned").GetInt64());
        Assert.Equal(2, before.GetProperty("funnel").GetProperty("reached").GetProperty("ticketSetup").GetInt64());
        Assert.Equal(3, before.GetProperty("csat").GetProperty("count").GetInt64());
        Assert.Equal(2, before.GetProperty("ai").GetProperty("byModel").GetProperty("gpt-a").GetProperty("turns").GetInt64());
        Assert.Equal(1, before.GetProperty("publishFailures").GetProperty("stripe_account_not_ready").GetInt64());
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    /// <summary>
    /// As the owner, with past time stamps (the API stamps now()): the triggers count these rows as they would have then,
    /// and the interactions are added to the counter rows as the fold (sql/006) would have added them a minute later.
    /// One session abandoned 95 days ago (due for deletion after the default 90 days) with its ratings, turns and a
    /// failed publish; one open session whose transcript is 100 days old (due for redaction after 30 days).
    /// </summary>
    private static async Task ArrangeAsync(Guid org, DateTimeOffset createdAt)
    {
        const string sql = """
            insert into wizard_sessions (organization_id, session_id, user_id, current_stage, status, is_active, created_at, updated_at, expires_at)
            values (@org, 'abandoned-long-ago', @user, 'ticketSetup', 'abandoned', false, @createdAt, @createdAt + interval '5 days', @createdAt + interval '7 days'),
                   (@org, 'open-long-ago', @user, 'venueSetup', 'in_progress', true, @createdAt, now(), now() + interval '7 days');
            insert into wizard_interactions (organization_id, session_id, role, stage, model, latency_ms, tokens_used, csat_smallint, text, created_at, expires_at)
            values (@org, 'abandoned-long-ago', 'user', 'eventSetup', 'gpt-a', null, null, 4, 'rated', @createdAt, @createdAt + interval '30 days'),
                   (@org, 'abandoned-long-ago', 'assistant', 'eventSetup', 'gpt-a', 900, 400, null, 'Which date?', @createdAt, @createdAt + interval '30 days'),
                   (@org, 'open-long-ago', 'assistant', 'venueSetup', 'gpt-a', 1500, 650, null, 'Which venue?', @createdAt, @createdAt + interval '30 days'),
                   (@org, 'open-long-ago', 'user', 'venueSetup', null, null, null, 2, 'rated', @createdAt, @createdAt + interval '30 days'),
                   (@org, 'open-long-ago', 'user', null, null, null, null, 5, 'rated', @createdAt, @createdAt + interval '30 days');
            insert into wizard_actions (organization_id, user_id, session_id, name, idempotency_key, request_fingerprint, status, error_message, created_at, updated_at)
            values (@org, @user, 'abandoned-long-ago', 'publishEvent', 'key-long-ago', 'fingerprint', 'failed', 'stripe_account_not_ready', @createdAt, @createdAt);
            select analytics_add_interaction_counts(array(select i from wizard_interactions i where organization_id = @org));
            """;
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        await conn.ExecuteAsync(sql, new { org, user = Guid.NewGuid(), createdAt });
    }
}
