using System.Net;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Sessions;

public sealed class ListSessionsTests
{
    private static async Task<string[]> ListAsync(TenantClient tenant, string query = "")
    {
        var response = await tenant.Http.GetAsync("/api/wizard-session" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        return [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("session_id").GetString()!)];
    }

    [Fact]
    public async Task List_shows_in_progress_sessions_newest_change_first_without_issues()
    {
        var tenant = await TestHost.NewTenantAsync();
        string[] ids = [NewId(), NewId(), NewId()];
        foreach (var id in ids)
        {
            await CreateAsync(tenant, id);
        }
        await PatchOkAsync(tenant, new { sessionId = ids[0], stage = "organizer", data = Organizer });

        var response = await tenant.Http.GetAsync("/api/wizard-session");

        var body = await BodyAsync(response);
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([ids[0], ids[2], ids[1]], items.Select(i => i.GetProperty("session_id").GetString()!).ToArray());
        Assert.All(items, item => Assert.False(item.TryGetProperty("issues", out _)));
        Assert.Equal(["organizerSetup"], Strings(items[0].GetProperty("completed_stages")));
    }

    [Fact]
    public async Task List_filters_by_status_and_mine_and_honours_limit()
    {
        var tenant = await TestHost.NewTenantAsync();
        var colleague = new TenantClient(tenant.OrganizationId, Guid.NewGuid(), await TestHost.AnonymousClientAsync());
        colleague.Http.DefaultRequestHeaders.Authorization = new("Bearer", colleague.Token);
        var mine = NewId();
        var theirs = NewId();
        var abandoned = NewId();
        await CreateAsync(tenant, mine);
        await CreateAsync(colleague, theirs);
        await CreateAsync(tenant, abandoned);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.DeleteAsync($"/api/wizard-session/{abandoned}")).StatusCode);

        Assert.Equal([theirs, mine], await ListAsync(tenant));
        Assert.Equal([mine], await ListAsync(tenant, "?mine=true"));
        Assert.Equal([abandoned], await ListAsync(tenant, "?status=abandoned"));
        Assert.Empty(await ListAsync(tenant, "?status=completed"));
        Assert.Equal([theirs], await ListAsync(tenant, "?limit=1"));
    }

    [Theory]
    [InlineData("?status=open")]
    [InlineData("?status=")]
    [InlineData("?mine=yes")]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=ten")]
    [InlineData("?limit=-1")]
    [InlineData("?limit=99999999999999999999")]
    [InlineData("?status=in_progress&status=completed")]
    public async Task List_with_a_bad_query_parameter_is_400(string query)
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.GetAsync("/api/wizard-session" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", await ProblemCodeAsync(response));
    }
}
