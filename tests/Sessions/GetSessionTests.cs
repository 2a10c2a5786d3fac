using System.Net;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Sessions;

public sealed class GetSessionTests
{
    [Fact]
    public async Task Get_returns_the_row_with_its_version_as_ETag()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });

        var response = await tenant.Http.GetAsync($"/api/wizard-session/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        var body = await JsonAsync(response);
        Assert.Equal(["organizerSetup"], Strings(body.GetProperty("completed_stages")));
        Assert.False(body.GetProperty("issues").TryGetProperty("organizerSetup", out _));
        Assert.True(body.GetProperty("issues").TryGetProperty("eventSetup", out _));
    }

    [Fact]
    public async Task Get_with_the_current_ETag_in_If_None_Match_is_304_and_with_an_old_one_200()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });

        var current = new HttpRequestMessage(HttpMethod.Get, $"/api/wizard-session/{id}");
        current.Headers.TryAddWithoutValidation("If-None-Match", "\"2\"");
        var old = new HttpRequestMessage(HttpMethod.Get, $"/api/wizard-session/{id}");
        old.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");
        var notModified = await tenant.Http.SendAsync(current);
        var modified = await tenant.Http.SendAsync(old);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("\"2\"", notModified.Headers.ETag?.Tag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
    }

    [Fact]
    public async Task Get_of_an_unknown_id_is_404_session_not_found()
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.GetAsync($"/api/wizard-session/{NewId()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("session_not_found", await ProblemCodeAsync(response));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has.dots.in.it")]
    [InlineData("x'%20or%20'1'='1")]
    public async Task Get_with_an_id_of_the_wrong_format_is_400(string id)
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.GetAsync($"/api/wizard-session/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", await ProblemCodeAsync(response));
    }
}
