using System.Net;
using EventWizard.Shared.Stages;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Publish;

public sealed class SessionActionsTests
{
    [Fact]
    public async Task Actions_of_a_session_are_listed_newest_first_with_their_fields()
    {
        var tenant = await TestHost.NewTenantAsync();
        var payloads = new StagePayloads();
        payloads.Venue.Remove("mode");
        var sessionId = await SessionRows.InsertAsync(tenant, payloads);
        await SessionRows.PublishAsync(tenant.Http, new { sessionId }, headerKey: "list-me-please");
        await SessionRows.SetPayloadAsync(tenant, sessionId, WizardStages.Venue, new StagePayloads().Venue);
        await SessionRows.PublishAsync(tenant.Http, new { sessionId }, headerKey: "list-me-please");

        var response = await tenant.Http.GetAsync($"/api/wizard-session/{sessionId}/actions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await ResponseBody.JsonAsync(response)).GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        var newest = items[0];
        Assert.Equal("publishEvent", newest.GetProperty("name").GetString());
        Assert.Equal("completed", newest.GetProperty("status").GetString());
        Assert.Equal("list-me-please", newest.GetProperty("idempotency_key").GetString());
        Assert.True(newest.GetProperty("execution_time_ms").GetInt32() >= 0);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, newest.GetProperty("error_message").ValueKind);
        Assert.EndsWith("Z", newest.GetProperty("created_at").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", newest.GetProperty("updated_at").GetString(), StringComparison.Ordinal);
        Assert.True(newest.TryGetProperty("id", out _));
        Assert.False(newest.TryGetProperty("result", out _));
        var oldest = items[1];
        Assert.Equal("failed", oldest.GetProperty("status").GetString());
        Assert.Contains("venueSetup.mode", oldest.GetProperty("error_message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_without_actions_lists_none()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var response = await tenant.Http.GetAsync($"/api/wizard-session/{sessionId}/actions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await ResponseBody.JsonAsync(response)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Actions_of_another_organizations_session_are_404_like_an_unknown_one()
    {
        var owner = await TestHost.NewTenantAsync();
        var stranger = await TestHost.NewTenantAsync();
        stranger.Http.DefaultRequestHeaders.Add("X-Request-Id", "actions-probe");
        var sessionId = await SessionRows.InsertAsync(owner);
        await SessionRows.PublishAsync(owner.Http, new { sessionId });

        var foreign = await stranger.Http.GetAsync($"/api/wizard-session/{sessionId}/actions");
        var unknown = await stranger.Http.GetAsync($"/api/wizard-session/{SessionRows.NewSessionId()}/actions");
        var malformed = await stranger.Http.GetAsync("/api/wizard-session/bad%20id/actions");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("validation_failed", (await ResponseBody.JsonAsync(malformed)).GetProperty("code").GetString());
        Assert.Equal("session_not_found", (await ResponseBody.JsonAsync(foreign)).GetProperty("code").GetString());
        Assert.Equal(await foreign.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Actions_need_a_token()
    {
        var anonymous = await TestHost.AnonymousClientAsync();

        var response = await anonymous.GetAsync($"/api/wizard-session/{SessionRows.NewSessionId()}/actions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
