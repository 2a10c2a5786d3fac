using System.Net;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Sessions;

public sealed class AbandonSessionTests
{
    [Fact]
    public async Task Delete_abandons_the_session_and_a_second_delete_is_409()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        var first = await tenant.Http.DeleteAsync($"/api/wizard-session/{id}");
        var second = await tenant.Http.DeleteAsync($"/api/wizard-session/{id}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await JsonAsync(first);
        Assert.Equal("abandoned", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("is_active").GetBoolean());
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("session_closed", await ProblemCodeAsync(second));
        Assert.Equal("abandoned", (await JsonAsync(second)).GetProperty("session_status").GetString());
    }

    [Fact]
    public async Task Delete_of_an_unknown_session_is_404()
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.DeleteAsync($"/api/wizard-session/{NewId()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("session_not_found", await ProblemCodeAsync(response));
    }

    [Fact]
    public async Task Delete_with_a_stale_If_Match_is_412_and_keeps_the_session_open()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });

        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/wizard-session/{id}");
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var response = await tenant.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Contains("\"status\":\"in_progress\"", await StoredAsync(tenant.OrganizationId, id));
    }
}
