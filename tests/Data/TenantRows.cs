using Dapper;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Data;

/// <summary>Arranges one row in every tenant table for an organization, as the schema owner.</summary>
public static class TenantRows
{
    /// <summary>The tables under row level security, each of which has an organization_id column.</summary>
    public static readonly string[] Tables =
        ["events", "wizard_sessions", "wizard_actions", "wizard_interactions", "stripe_accounts", "analytics_session_days", "analytics_counts",
         "analytics_session_starts"];

    /// <summary>The tables the runtime role may only append to and read (sql/008's log of session starts).</summary>
    public static readonly string[] AppendOnlyTables = ["analytics_session_starts"];

    /// <summary>The tables the runtime role may update and delete in, within its organization.</summary>
    public static IEnumerable<string> ChangeableTables => Tables.Except(AppendOnlyTables);

    public const string SessionId = "rls-session-0001";

    /// <summary>When the arranged rows were created and last updated: an hour ago.</summary>
    public static readonly TimeSpan Age = TimeSpan.FromHours(1);

    /// <summary>
    /// One row per table for <paramref name="organizationId"/>, created <see cref="Age"/> ago; the session is <see cref="SessionId"/>.
    /// The session's insert appends its start to analytics_session_starts (sql/008's trigger), where it stays for a minute
    /// before a fold moves it.
    /// </summary>
    public static async Task InsertAllAsync(Guid organizationId)
    {
        const string sql = """
            insert into events (organization_id, user_id, source_session_id, title, type, event_date, start_time, created_at, updated_at)
                values (@org, @user, @session, 'RLS probe', 'popup', date '2030-01-01', time '18:00', @created, @created);
            insert into wizard_sessions (organization_id, session_id, user_id, created_at, updated_at) values (@org, @session, @user, @created, @created);
            insert into wizard_actions (organization_id, user_id, session_id, name, idempotency_key, request_fingerprint, created_at, updated_at)
                values (@org, gen_random_uuid(), @session, 'publish', 'key-0001', 'fingerprint', @created, @created);
            insert into wizard_interactions (organization_id, session_id, role, text) values (@org, @session, 'user', 'hello');
            insert into stripe_accounts (organization_id, account_id, created_at, updated_at)
                values (@org, 'acct_' || replace(@org::text, '-', ''), @created, @created);
            insert into analytics_counts (organization_id, day, measure, label, bucket, n) values (@org, current_date, 'publish_failure', 'probe', 0, 1);
            insert into analytics_session_days (organization_id, day, shard, started) values (@org, current_date, 0, 1);
            """;
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, new { org = organizationId, user = Guid.NewGuid(), session = SessionId, created = DateTime.UtcNow - Age });
    }

    /// <summary>Rows of <paramref name="table"/> for the organization, seen by the owner (every tenant).</summary>
    public static async Task<long> CountAsOwnerAsync(string table, Guid organizationId)
    {
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>($"select count(*) from {table} where organization_id = @organizationId", new { organizationId });
    }

    /// <summary>An insert into <paramref name="table"/> for <c>@org</c> that satisfies every constraint but RLS.</summary>
    public static string InsertSql(string table) => table switch
    {
        "events" => """
            insert into events (organization_id, user_id, source_session_id, title, type, event_date, start_time)
                values (@org, @user, 'other-session', 'Cross tenant', 'popup', date '2030-01-01', time '18:00')
            """,
        "wizard_sessions" => "insert into wizard_sessions (organization_id, session_id, user_id) values (@org, 'other-session-01', @user)",
        "wizard_actions" => """
            insert into wizard_actions (organization_id, user_id, session_id, name, idempotency_key, request_fingerprint)
                values (@org, gen_random_uuid(), 'rls-session-0001', 'publish', 'key-0002', 'fingerprint')
            """,
        "wizard_interactions" => "insert into wizard_interactions (organization_id, session_id, role) values (@org, 'rls-session-0001', 'user')",
        "stripe_accounts" => "insert into stripe_accounts (organization_id, account_id) values (@org, 'acct_' || md5(random()::text))",
        "analytics_session_days" => "insert into analytics_session_days (organization_id, day, shard, started) values (@org, date '2020-01-01', 0, 1)",
        "analytics_counts" => "insert into analytics_counts (organization_id, day, measure, label, bucket, n) values (@org, date '2020-01-01', 'csat_by_stage', '', 5, 1)",
        "analytics_session_starts" => "insert into analytics_session_starts (organization_id, day, shard, reached) values (@org, date '2020-01-01', 0, 1)",
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };

    /// <summary>An update of every row of <paramref name="table"/> for <c>@org</c> that touches a harmless column.</summary>
    public static string UpdateSql(string table) => table switch
    {
        "events" => "update events set description = 'changed' where organization_id = @org",
        "wizard_sessions" => "update wizard_sessions set organizer_data = '{\"changed\": true}' where organization_id = @org",
        "wizard_actions" => "update wizard_actions set error_message = 'changed' where organization_id = @org",
        "wizard_interactions" => "update wizard_interactions set text = 'changed' where organization_id = @org",
        "stripe_accounts" => "update stripe_accounts set charges_enabled = true where organization_id = @org",
        "analytics_session_days" => "update analytics_session_days set started = started + 1 where organization_id = @org",
        "analytics_counts" => "update analytics_counts set n = n + 1 where organization_id = @org",
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };
}
