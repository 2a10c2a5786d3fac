using System.Net;
using System.Text.Json;
using EventWizard.Tests.Infrastructure;
using EventWizard.Tests.Stripe;

namespace EventWizard.Tests.Publish;

/// <summary>GET /api/wizard-session/{id}/publish-check: what publish would answer, with nothing written.</summary>
public sealed class PublishCheckTests(StripeHostFixture stripeHost) : IClassFixture<StripeHostFixture>
{
    [Fact]
    public async Task A_complete_session_is_ready_and_checking_writes_nothing()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);
        var before = await SessionRows.ReadAsync(tenant, sessionId);

        var check = await CheckAsync(tenant, sessionId);

        Assert.Equal(HttpStatusCode.OK, check.Status);
        Assert.True(check.Body.GetProperty("ready").GetBoolean());
        Assert.Equal(0, check.Body.GetProperty("issues").GetArrayLength());
        await AssertNothingWrittenAsync(tenant, sessionId, before);
    }

    [Fact]
    public async Task An_incomplete_session_lists_the_same_issues_publish_refuses_with()
    {
        var tenant = await TestHost.NewTenantAsync();
        var payloads = new StagePayloads();
        payloads.Event.Remove("title");
        payloads.Ticket["tiers"]![0]!["price"] = 10;
        payloads.Venue["address"]!["country"] = "XX";
        var sessionId = await SessionRows.InsertAsync(tenant, payloads);
        var before = await SessionRows.ReadAsync(tenant, sessionId);

        var check = await CheckAsync(tenant, sessionId);
        await AssertNothingWrittenAsync(tenant, sessionId, before);
        var publish = await SessionRows.PublishAsync(tenant.Http, new { sessionId });

        Assert.False(check.Body.GetProperty("ready").GetBoolean());
        var issues = Issues(check.Body);
        Assert.Contains(("eventSetup.title", "required"), issues);
        Assert.Contains(("venueSetup.address.country", "unknown_country"), issues);
        Assert.Contains(("paymentSetup.enabled", "payment_required"), issues);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, publish.StatusCode);
        Assert.Equal(issues, Issues(await ResponseBody.JsonAsync(publish)));
    }

    [Fact]
    public async Task What_the_event_columns_cannot_hold_is_an_issue_too()
    {
        var tenant = await TestHost.NewTenantAsync();
        var payloads = new StagePayloads();
        payloads.Ticket["totalCapacity"] = 3_000_000_000L;
        var sessionId = await SessionRows.InsertAsync(tenant, payloads);

        var check = await CheckAsync(tenant, sessionId);

        Assert.Equal([("ticketSetup.totalCapacity", "out_of_range")], Issues(check.Body));
    }

    [Fact]
    public async Task Unknown_foreign_closed_and_malformed_sessions_answer_as_publish_would()
    {
        var tenant = await TestHost.NewTenantAsync();
        var stranger = await TestHost.NewTenantAsync();
        stranger.Http.DefaultRequestHeaders.Add("X-Request-Id", "publish-check-probe");
        var sessionId = await SessionRows.InsertAsync(tenant);
        var abandoned = await SessionRows.InsertAsync(tenant, status: "abandoned");
        var expired = await SessionRows.InsertAsync(tenant, expiresIn: TimeSpan.FromMinutes(-1));

        var foreign = await stranger.Http.GetAsync($"/api/wizard-session/{sessionId}/publish-check");
        var unknown = await stranger.Http.GetAsync($"/api/wizard-session/{SessionRows.NewSessionId()}/publish-check");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());
        Assert.Equal(("session_closed", "abandoned"), await ClosedAsync(await tenant.Http.GetAsync($"/api/wizard-session/{abandoned}/publish-check")));
        Assert.Equal(("session_closed", "expired"), await ClosedAsync(await tenant.Http.GetAsync($"/api/wizard-session/{expired}/publish-check")));
        var malformed = await tenant.Http.GetAsync("/api/wizard-session/abcdefgh%0A/publish-check");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var anonymous = await (await TestHost.AnonymousClientAsync()).GetAsync($"/api/wizard-session/{sessionId}/publish-check");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_paid_event_whose_Stripe_account_cannot_take_payments_is_not_ready()
    {
        var tenant = stripeHost.NewTenant();
        var (sessionId, accountId) = await SessionRows.InsertPaidWithConnectedAccountAsync(tenant);
        var before = await SessionRows.ReadAsync(tenant, sessionId);

        var notReady = await CheckAsync(tenant, sessionId);
        stripeHost.Stripe.SetChargesEnabled(accountId, true);
        await Sessions.SessionApi.ExecuteAsOwnerAsync("update stripe_accounts set checked_at = null where organization_id = @org",
            new { org = tenant.OrganizationId });
        var ready = await CheckAsync(tenant, sessionId);

        Assert.Equal([("paymentSetup.accountId", "not_ready")], Issues(notReady.Body));
        Assert.True(ready.Body.GetProperty("ready").GetBoolean());
        await AssertNothingWrittenAsync(tenant, sessionId, before);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> CheckAsync(TenantClient tenant, string sessionId)
    {
        var response = await tenant.Http.GetAsync($"/api/wizard-session/{sessionId}/publish-check");
        return (response.StatusCode, await ResponseBody.JsonAsync(response));
    }

    private static async Task<(string Code, string Status)> ClosedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ResponseBody.JsonAsync(response);
        return (problem.GetProperty("code").GetString()!, problem.GetProperty("session_status").GetString()!);
    }

    private static List<(string Field, string Code)> Issues(JsonElement body) =>
        [.. body.GetProperty("issues").EnumerateArray().Select(i => (i.GetProperty("field").GetString()!, i.GetProperty("code").GetString()!))];

    private static async Task AssertNothingWrittenAsync(TenantClient tenant, string sessionId, SessionRows.SessionState before)
    {
        var after = await SessionRows.ReadAsync(tenant, sessionId);
        Assert.Equal((before.Status, before.Version, before.EventId), (after.Status, after.Version, after.EventId));
        Assert.DoesNotContain(await SessionRows.ActionsAsync(tenant, sessionId), action => action.Name == "publishEvent");
        Assert.Empty(await SessionRows.EventIdsAsync(tenant.OrganizationId, sessionId));
    }
}
