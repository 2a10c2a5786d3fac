using Dapper;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Events;

/// <summary>Arranges events directly as the schema owner (drafts and cancelled ones cannot be made through the API).</summary>
public static class EventRows
{
    /// <summary>Inserts an event with the given status; returns its id and slug.</summary>
    public static async Task<(Guid Id, string Slug)> InsertAsync(TenantClient tenant, string status, string title = "Direct Event")
    {
        const string sql = """
            insert into events (organization_id, user_id, source_session_id, title, type, event_date, start_time,
                                stripe_account_id, payment_enabled, status, published_at)
            values (@OrganizationId, @UserId, @SessionId, @Title, 'popup', current_date + 10, '10:00', 'acct_1Secret', true,
                    @Status, case when @Status = 'published' then now() end)
            returning id, slug
            """;
        var sessionId = SessionRows.NewSessionId();
        await SessionRows.InsertAsync(tenant, sessionId: sessionId);
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        return await conn.QuerySingleAsync<(Guid, string)>(sql,
            new { tenant.OrganizationId, tenant.UserId, SessionId = sessionId, Title = title, Status = status });
    }

    /// <summary>Publishes a fresh complete session of the tenant through the API; returns the event id and slug.</summary>
    public static async Task<(Guid Id, string Slug)> PublishAsync(TenantClient tenant, StagePayloads? payloads = null)
    {
        var sessionId = await SessionRows.InsertAsync(tenant, payloads);
        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId });
        response.EnsureSuccessStatusCode();
        var evt = await ResponseBody.JsonAsync(response);
        return (evt.GetProperty("id").GetGuid(), evt.GetProperty("slug").GetString()!);
    }
}
