using Dapper;
using EventWizard.Shared.Cleanup;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EventWizard.Tests.Cleanup;

/// <summary>Arranges and reads rows as the schema owner, with explicit time stamps (placed in the past).</summary>
internal static class CleanupRows
{
    /// <summary>A runner as the function app builds it: the runtime role's data source, the given clock and settings.</summary>
    public static CleanupRunner Runner(NpgsqlDataSource runtime, TimeProvider clock, CleanupOptions? options = null) =>
        new(runtime, Options.Create(options ?? new CleanupOptions()), clock, NullLogger<CleanupRunner>.Instance);

    public static async Task SessionAsync(NpgsqlDataSource owner, Guid org, string sessionId, string status,
        DateTimeOffset updatedAt, DateTimeOffset? expiresAt = null, Guid? eventId = null)
    {
        const string sql = """
            insert into wizard_sessions (organization_id, session_id, user_id, status, is_active, event_id, created_at, updated_at, expires_at)
            values (@org, @sessionId, @user, @status, @status = 'in_progress', @eventId, @updatedAt - interval '1 day', @updatedAt, @expiresAt)
            """;
        await using var conn = await owner.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, new { org, sessionId, user = Guid.NewGuid(), status, eventId, updatedAt, expiresAt = expiresAt ?? updatedAt.AddDays(7) });
    }

    public static async Task<Guid> InteractionAsync(NpgsqlDataSource owner, Guid org, string sessionId,
        DateTimeOffset createdAt, DateTimeOffset? expiresAt = null, string text = "Plan a popup in Brooklyn")
    {
        const string sql = """
            insert into wizard_interactions (organization_id, session_id, role, text, created_at, expires_at)
            values (@org, @sessionId, 'user', @text, @createdAt, @expiresAt)
            returning id
            """;
        await using var conn = await owner.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<Guid>(sql, new { org, sessionId, text, createdAt, expiresAt = expiresAt ?? createdAt.AddDays(30) });
    }

    public static async Task<Guid> ActionAsync(NpgsqlDataSource owner, Guid org, string sessionId, string status, DateTimeOffset updatedAt)
    {
        const string sql = """
            insert into wizard_actions (organization_id, user_id, session_id, name, idempotency_key, request_fingerprint, status, created_at, updated_at)
            values (@org, gen_random_uuid(), @sessionId, 'publish', @key, 'fingerprint', @status::action_status, @updatedAt, @updatedAt)
            returning id
            """;
        await using var conn = await owner.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<Guid>(sql, new { org, sessionId, key = "key-" + Guid.NewGuid().ToString("N"), status, updatedAt });
    }

    public static async Task<Guid> EventAsync(NpgsqlDataSource owner, Guid org, string sessionId, DateTimeOffset createdAt)
    {
        const string sql = """
            insert into events (organization_id, user_id, source_session_id, title, type, event_date, start_time, status,
                                published_at, created_at, updated_at)
            values (@org, @user, @sessionId, 'Spring Popup', 'popup', date '2024-05-01', time '18:00', 'published',
                    @createdAt, @createdAt, @createdAt)
            returning id
            """;
        await using var conn = await owner.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<Guid>(sql, new { org, user = Guid.NewGuid(), sessionId, createdAt });
    }

    /// <summary>The session's status and is_active, or null when it no longer exists.</summary>
    public static async Task<SessionState?> SessionStateAsync(NpgsqlDataSource owner, Guid org, string sessionId)
    {
        await using var conn = await owner.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<SessionState>(
            "select status as Status, is_active as IsActive from wizard_sessions where organization_id = @org and session_id = @sessionId",
            new { org, sessionId });
    }

    /// <summary>The interaction's text and redacted_at, or null when it no longer exists.</summary>
    public static async Task<InteractionState?> InteractionStateAsync(NpgsqlDataSource owner, Guid id)
    {
        await using var conn = await owner.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<InteractionState>(
            "select text as Text, redacted_at as RedactedAt from wizard_interactions where id = @id", new { id });
    }

    /// <summary>The action's status and error message, or null when it no longer exists.</summary>
    public static async Task<ActionState?> ActionStateAsync(NpgsqlDataSource owner, Guid id)
    {
        await using var conn = await owner.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<ActionState>(
            "select status::text as Status, error_message as ErrorMessage from wizard_actions where id = @id", new { id });
    }

    public static async Task<long> CountAsync(NpgsqlDataSource owner, string sql, object? param = null)
    {
        await using var conn = await owner.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(sql, param);
    }

    internal sealed record SessionState(string Status, bool IsActive);

    internal sealed record InteractionState(string? Text, DateTime? RedactedAt);

    internal sealed record ActionState(string Status, string? ErrorMessage);
}
