using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using EventWizard.Shared.Stages;

namespace EventWizard.Tests.Infrastructure;

/// <summary>
/// Arranges wizard sessions by inserting rows as the schema owner (for features other than the session routes),
/// and reads back what the session, its actions and its event look like in the database afterwards.
/// </summary>
public static class SessionRows
{
    public static string NewSessionId() => "s_" + Guid.NewGuid().ToString("N");

    /// <summary>Inserts a session for the tenant; returns its session id.</summary>
    public static async Task<string> InsertAsync(TenantClient tenant, StagePayloads? payloads = null, string? sessionId = null,
        string status = "in_progress", TimeSpan? expiresIn = null) =>
        await InsertAsync(tenant.OrganizationId, tenant.UserId, payloads, sessionId, status, expiresIn);

    public static async Task<string> InsertAsync(Guid organizationId, Guid userId, StagePayloads? payloads = null, string? sessionId = null,
        string status = "in_progress", TimeSpan? expiresIn = null)
    {
        const string sql = """
            insert into wizard_sessions (organization_id, session_id, user_id, current_stage, is_active, status,
                                         organizer_data, event_data, ticket_data, venue_data, payment_data, expires_at)
            values (@OrganizationId, @SessionId, @UserId, 'paymentSetup', @Status = 'in_progress', @Status,
                    @Organizer::jsonb, @Event::jsonb, @Ticket::jsonb, @Venue::jsonb, @Payment::jsonb, now() + @ExpiresIn)
            """;
        payloads ??= new StagePayloads();
        sessionId ??= NewSessionId();
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        await conn.ExecuteAsync(sql, new
        {
            OrganizationId = organizationId,
            SessionId = sessionId,
            UserId = userId,
            Status = status,
            Organizer = payloads.Organizer.ToJsonString(),
            Event = payloads.Event.ToJsonString(),
            Ticket = payloads.Ticket.ToJsonString(),
            Venue = payloads.Venue.ToJsonString(),
            Payment = payloads.Payment.ToJsonString(),
            ExpiresIn = expiresIn ?? TimeSpan.FromDays(7),
        });
        return sessionId;
    }

    /// <summary>Replaces one stage's payload, as an autosave would.</summary>
    public static async Task SetPayloadAsync(TenantClient tenant, string sessionId, string dataStage, JsonObject payload)
    {
        var sql = $"update wizard_sessions set {WizardStages.ColumnOf(dataStage)} = @Payload::jsonb, version = version + 1 " +
            "where organization_id = @OrganizationId and session_id = @SessionId";
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        await conn.ExecuteAsync(sql, new { tenant.OrganizationId, SessionId = sessionId, Payload = payload.ToJsonString() });
    }

    /// <summary>
    /// A complete session with a paid tier whose payment stage names the Stripe account that connect-stripe created
    /// for it (the tenant's host must have Stripe configured).
    /// </summary>
    public static async Task<(string SessionId, string AccountId)> InsertPaidWithConnectedAccountAsync(TenantClient tenant)
    {
        var sessionId = await InsertAsync(tenant);
        var connect = await tenant.Http.PostAsJsonAsync("/api/connect-stripe", new
        {
            sessionId,
            returnUrl = "https://app.example.com/return",
            refreshUrl = "https://app.example.com/refresh",
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, connect.StatusCode);
        var accountId = (await ResponseBody.JsonAsync(connect)).GetProperty("accountId").GetString()!;
        var paid = new StagePayloads().Paid(accountId);
        await SetPayloadAsync(tenant, sessionId, WizardStages.Ticket, paid.Ticket);
        await SetPayloadAsync(tenant, sessionId, WizardStages.Payment, paid.Payment);
        return (sessionId, accountId);
    }

    public static async Task<SessionState> ReadAsync(TenantClient tenant, string sessionId)
    {
        const string sql = """
            select status, is_active, event_id, current_stage, version, payment_data::text as payment_json
            from wizard_sessions where organization_id = @OrganizationId and session_id = @SessionId
            """;
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        return await conn.QuerySingleAsync<SessionState>(sql, new { tenant.OrganizationId, SessionId = sessionId });
    }

    public static Task<List<ActionState>> ActionsAsync(TenantClient tenant, string sessionId) =>
        ActionsAsync(tenant.OrganizationId, sessionId);

    /// <summary>The session's actions, oldest first.</summary>
    public static async Task<List<ActionState>> ActionsAsync(Guid organizationId, string sessionId)
    {
        const string sql = """
            select id, name, idempotency_key, status::text as status, error_message, execution_time_ms, result::text as result
            from wizard_actions where organization_id = @OrganizationId and session_id = @SessionId
            order by created_at, updated_at
            """;
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        return [.. await conn.QueryAsync<ActionState>(sql, new { OrganizationId = organizationId, SessionId = sessionId })];
    }

    public static async Task<List<Guid>> EventIdsAsync(Guid organizationId, string? sessionId = null)
    {
        const string sql = """
            select id from events
            where organization_id = @OrganizationId and (@SessionId::text is null or source_session_id = @SessionId)
            """;
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        return [.. await conn.QueryAsync<Guid>(sql, new { OrganizationId = organizationId, SessionId = sessionId })];
    }

    /// <summary>POST /api/publish-event with the body and (optionally) an Idempotency-Key header.</summary>
    public static async Task<HttpResponseMessage> PublishAsync(HttpClient http, object body, string? headerKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/publish-event") { Content = JsonContent.Create(body) };
        if (headerKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", headerKey);
        }
        return await http.SendAsync(request);
    }

    /// <summary>POST /api/publish-event with a raw body and content type.</summary>
    public static async Task<HttpResponseMessage> PublishRawAsync(HttpClient http, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return await http.PostAsync("/api/publish-event", content);
    }

    public sealed class SessionState
    {
        public string Status { get; init; } = "";
        public bool IsActive { get; init; }
        public Guid? EventId { get; init; }
        public string CurrentStage { get; init; } = "";
        public int Version { get; init; }
        public string PaymentJson { get; init; } = "{}";

        public JsonElement PaymentData => JsonSerializer.Deserialize<JsonElement>(PaymentJson);
    }

    public sealed class ActionState
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string IdempotencyKey { get; init; } = "";
        public string Status { get; init; } = "";
        public string? ErrorMessage { get; init; }
        public int? ExecutionTimeMs { get; init; }
        public string? Result { get; init; }
    }
}
