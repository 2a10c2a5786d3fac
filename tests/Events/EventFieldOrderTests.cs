using System.Net;
using System.Text.Json;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Events;

/// <summary>The event bodies keep their fields and their order, whatever the row types look like inside.</summary>
public sealed class EventFieldOrderTests
{
    private static readonly string[] PublicFields =
    [
        "id", "title", "slug", "type", "description", "event_date", "start_time", "end_time",
        "timezone", "venue_mode", "venue_data", "ticket_tiers", "total_capacity", "payment_enabled", "status",
        "published_at", "created_at", "updated_at",
    ];

    private static readonly string[] OrganizationFields =
    [
        "id", "organization_id", "user_id", "title", "slug", "type", "description", "event_date", "start_time", "end_time",
        "timezone", "venue_mode", "venue_data", "ticket_tiers", "total_capacity", "stripe_account_id", "payment_enabled",
        "status", "published_at", "published_by", "created_at", "updated_at", "source_session_id",
    ];

    [Fact]
    public async Task Every_event_body_lists_its_fields_in_the_same_order()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant, new StagePayloads().Paid("acct_1Ordered"));
        var publish = await SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = "field-order-0001" });
        var replay = await SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = "field-order-0001" });
        var created = await ResponseBody.JsonAsync(publish);
        var id = created.GetProperty("id").GetGuid();
        var slug = created.GetProperty("slug").GetString();

        var own = await tenant.Http.GetAsync($"/api/events/{id}");
        var list = await tenant.Http.GetAsync("/api/events");
        var open = await (await TestHost.AnonymousClientAsync()).GetAsync($"/api/public/events/{slug}");

        Assert.Equal(HttpStatusCode.Created, publish.StatusCode);
        Assert.Equal(OrganizationFields, Names(created));
        Assert.Equal(OrganizationFields, Names(await ResponseBody.JsonAsync(replay)));
        Assert.Equal(OrganizationFields, Names(await ResponseBody.JsonAsync(own)));
        Assert.Equal(OrganizationFields, Names((await ResponseBody.JsonAsync(list)).GetProperty("items")[0]));
        Assert.Equal(PublicFields, Names(await ResponseBody.JsonAsync(open)));
    }

    private static string[] Names(JsonElement body) => [.. body.EnumerateObject().Select(p => p.Name)];
}
