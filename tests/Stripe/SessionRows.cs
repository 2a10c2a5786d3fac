using System.Text.Json;
using Dapper;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Stripe;

/// <summary>Arranges and inspects wizard rows directly (the sessions routes live in another part of the system).</summary>
public static class SessionRows
{
    public static async Task<string> CreateAsync(TenantClient tenant, string status = "in_progress", bool expired = false)
    {
        var sessionId = "s_" + Guid.NewGuid().ToString("N");
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        await conn.ExecuteAsync("""
            insert into wizard_sessions (organization_id, session_id, user_id, status, is_active, expires_at)
            values (@OrganizationId, @SessionId, @UserId, @Status, @Status = 'in_progress',
                    case when @Expired then now() - interval '1 minute' else now() + interval '7 days' end)
            """, new { tenant.OrganizationId, SessionId = sessionId, tenant.UserId, Status = status, Expired = expired });
        return sessionId;
    }

    public static async Task<(JsonElement PaymentData, int Version)> PaymentAsync(Guid organizationId, string sessionId)
    {
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(string PaymentData, int Version)>(
            "select payment_data::text, version from wizard_sessions where organization_id = @organizationId and session_id = @sessionId",
            new { organizationId, sessionId });
        return (JsonSerializer.Deserialize<JsonElement>(row.PaymentData), row.Version);
    }

    public static async Task<IReadOnlyList<ActionRow>> ActionsAsync(Guid organizationId, string sessionId)
    {
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        return [.. await conn.QueryAsync<ActionRow>("""
            select id, name, status::text as status, idempotency_key as IdempotencyKey, error_message as ErrorMessage,
                   execution_time_ms as ExecutionTimeMs
            from wizard_actions where organization_id = @organizationId and session_id = @sessionId order by created_at
            """, new { organizationId, sessionId })];
    }

    public static async Task<IReadOnlyList<string>> StripeAccountsAsync(Guid organizationId)
    {
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        return [.. await conn.QueryAsync<string>("select account_id from stripe_accounts where organization_id = @organizationId",
            new { organizationId })];
    }

    public sealed class ActionRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Status { get; init; } = "";
        public string IdempotencyKey { get; init; } = "";
        public string? ErrorMessage { get; init; }
        public int? ExecutionTimeMs { get; init; }
    }
}
