using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Sessions;

/// <summary>HTTP helpers for the session routes, and a look at what is stored.</summary>
internal static class SessionApi
{
    public static string NewId() => "t-" + Guid.NewGuid().ToString("N");

    public static async Task<JsonElement> CreateAsync(TenantClient tenant, string? sessionId = null)
    {
        var response = await tenant.Http.PostAsync("/api/wizard-session", Json(sessionId is null ? new { } : new { sessionId }));
        Assert.True(response.IsSuccessStatusCode, $"create: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ResponseBody.JsonAsync(response);
    }

    public static Task<HttpResponseMessage> PatchAsync(TenantClient tenant, object body, string? ifMatch = null, string? pathId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, pathId is null ? "/api/wizard-session" : $"/api/wizard-session/{pathId}")
        {
            Content = Json(body),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return tenant.Http.SendAsync(request);
    }

    public static async Task<JsonElement> PatchOkAsync(TenantClient tenant, object body)
    {
        var response = await PatchAsync(tenant, body);
        Assert.True(response.IsSuccessStatusCode, $"patch: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ResponseBody.JsonAsync(response);
    }

    /// <summary>Fills the five data stages with complete payloads (the first tier paid, payment off, when <paramref name="paid"/>).</summary>
    public static async Task CompleteDataStagesAsync(TenantClient tenant, string sessionId, bool paid = false)
    {
        var payloads = paid ? new StagePayloads().WithPaidTicket() : new StagePayloads();
        await PatchOkAsync(tenant, new { sessionId, stage = "organizerSetup", data = payloads.Organizer });
        await PatchOkAsync(tenant, new { sessionId, stage = "eventSetup", data = payloads.Event });
        await PatchOkAsync(tenant, new { sessionId, stage = "ticketSetup", data = payloads.Ticket });
        await PatchOkAsync(tenant, new { sessionId, stage = "venueSetup", data = payloads.Venue });
        await PatchOkAsync(tenant, new { sessionId, stage = "paymentSetup", data = payloads.Payment });
    }

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static StringContent Raw(string body, string contentType = "application/json") =>
        new(body, new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" });

    /// <summary>The stored row as JSON text (read as the owner, across tenants), or null.</summary>
    public static async Task<string?> StoredAsync(Guid organizationId, string sessionId)
    {
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<string>(
            "select row_to_json(s)::text from wizard_sessions s where organization_id = @org and session_id = @id",
            new { org = organizationId, id = sessionId });
    }

    public static async Task<int> InteractionCountAsync(Guid organizationId, string sessionId)
    {
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>(
            "select count(*) from wizard_interactions where organization_id = @org and session_id = @id",
            new { org = organizationId, id = sessionId });
    }

    public static async Task<string[]> InteractionTextsAsync(Guid organizationId, string sessionId)
    {
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();
        return [.. await conn.QueryAsync<string>(
            "select role || ': ' || coalesce(text, '') from wizard_interactions where organization_id = @org and session_id = @id order by created_at, id",
            new { org = organizationId, id = sessionId })];
    }

    /// <summary>Arranges rows as the owner (expiry in the past, a closed status, …).</summary>
    public static async Task ExecuteAsOwnerAsync(string sql, object param)
    {
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, param);
    }

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
