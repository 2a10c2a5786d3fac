using System.Net;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Sessions;

/// <summary>A session past expires_at is expired on every route at once, before the nightly job marks it.</summary>
public sealed class ExpiryTests
{
    private static async Task<(TenantClient Tenant, string Id)> ExpiredSessionAsync()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await ExecuteAsOwnerAsync(
            "update wizard_sessions set expires_at = now() - interval '1 second' where organization_id = @org and session_id = @id",
            new { org = tenant.OrganizationId, id });
        return (tenant, id);
    }

    [Fact]
    public async Task Get_shows_a_session_past_its_expiry_as_expired_and_inactive_and_never_304()
    {
        var (tenant, id) = await ExpiredSessionAsync();

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/wizard-session/{id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");
        var response = await tenant.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("expired", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("is_active").GetBoolean());
    }

    [Fact]
    public async Task Patch_delete_and_create_with_its_id_are_409_expired_and_change_nothing()
    {
        var (tenant, id) = await ExpiredSessionAsync();
        var before = await StoredAsync(tenant.OrganizationId, id);

        var patch = await PatchAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });
        var move = await PatchAsync(tenant, new { sessionId = id, currentStage = "organizerSetup" });
        var delete = await tenant.Http.DeleteAsync($"/api/wizard-session/{id}");
        var create = await tenant.Http.PostAsync("/api/wizard-session", Json(new { sessionId = id }));

        foreach (var response in new[] { patch, move, delete, create })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("session_closed", await ProblemCodeAsync(response));
            Assert.Equal("expired", (await JsonAsync(response)).GetProperty("session_status").GetString());
        }
        Assert.Equal(before, await StoredAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task The_list_moves_it_from_in_progress_to_expired()
    {
        var (tenant, id) = await ExpiredSessionAsync();

        var inProgress = await JsonAsync(await tenant.Http.GetAsync("/api/wizard-session"));
        var expired = await JsonAsync(await tenant.Http.GetAsync("/api/wizard-session?status=expired"));

        Assert.Empty(inProgress.GetProperty("items").EnumerateArray());
        var item = Assert.Single(expired.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("session_id").GetString());
        Assert.Equal("expired", item.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Interactions_can_still_be_added_to_an_expired_session()
    {
        var (tenant, id) = await ExpiredSessionAsync();

        var response = await tenant.Http.PostAsync($"/api/wizard-session/{id}/interactions", Json(new { role = "user", csat = 4 }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
