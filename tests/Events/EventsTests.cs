using System.Net;
using System.Text.Json;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Events;

public sealed class EventsTests
{
    [Fact]
    public async Task List_shows_only_the_organizations_own_events_newest_first()
    {
        var tenant = await TestHost.NewTenantAsync();
        var other = await TestHost.NewTenantAsync();
        var older = await EventRows.PublishAsync(tenant);
        var newer = await EventRows.PublishAsync(tenant);
        var draft = await EventRows.InsertAsync(tenant, "draft");
        await EventRows.PublishAsync(other);

        var all = await tenant.Http.GetAsync("/api/events");
        var published = await tenant.Http.GetAsync("/api/events?status=published&limit=50");

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal([draft.Id, newer.Id, older.Id], Ids(await ResponseBody.JsonAsync(all)));
        Assert.Equal([newer.Id, older.Id], Ids(await ResponseBody.JsonAsync(published)));
        var first = (await ResponseBody.JsonAsync(published)).GetProperty("items")[0];
        Assert.Equal(tenant.OrganizationId, first.GetProperty("organization_id").GetGuid());
        Assert.True(first.TryGetProperty("stripe_account_id", out _));
    }

    [Fact]
    public async Task List_filters_by_status_and_honours_the_limit()
    {
        var tenant = await TestHost.NewTenantAsync();
        await EventRows.PublishAsync(tenant);
        await EventRows.PublishAsync(tenant);
        var cancelled = await EventRows.InsertAsync(tenant, "cancelled");

        var onlyCancelled = await tenant.Http.GetAsync("/api/events?status=cancelled");
        var limited = await tenant.Http.GetAsync("/api/events?status=published&limit=1");

        Assert.Equal([cancelled.Id], Ids(await ResponseBody.JsonAsync(onlyCancelled)));
        Assert.Single(Ids(await ResponseBody.JsonAsync(limited)));
    }

    [Fact]
    public async Task Paging_returns_each_event_once_newest_first_while_new_events_are_published()
    {
        var tenant = await TestHost.NewTenantAsync();
        var existing = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            existing.Add((await EventRows.InsertAsync(tenant, i % 2 == 0 ? "published" : "cancelled")).Id);
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var body = await ResponseBody.JsonAsync(await tenant.Http.GetAsync(
                "/api/events?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))));
            seen.AddRange(Ids(body));
            cursor = body.GetProperty("next").GetString();
            await EventRows.PublishAsync(tenant);
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(existing), seen);
    }

    [Fact]
    public async Task Paging_by_status_keeps_to_the_status()
    {
        var tenant = await TestHost.NewTenantAsync();
        var cancelled = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            await EventRows.InsertAsync(tenant, "published");
            cancelled.Add((await EventRows.InsertAsync(tenant, "cancelled")).Id);
        }

        var first = await ResponseBody.JsonAsync(await tenant.Http.GetAsync("/api/events?status=cancelled&limit=2"));
        var next = first.GetProperty("next").GetString()!;
        var second = await ResponseBody.JsonAsync(await tenant.Http.GetAsync($"/api/events?status=cancelled&limit=2&cursor={Uri.EscapeDataString(next)}"));

        Assert.Equal(Enumerable.Reverse(cancelled), Ids(first).Concat(Ids(second)));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("status=live", "status")]
    [InlineData("status=", "status")]
    [InlineData("status=published&status=draft", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=99999999999999999999", "limit")]
    [InlineData("cursor=garbage", "cursor")]
    [InlineData("cursor=MXw2Mzg5NzI1NjAwMDAwMDAwMDB8dC1ub3QtYW4tZXZlbnQ", "cursor")]
    public async Task Bad_list_parameters_are_400_naming_the_parameter(string query, string field)
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.GetAsync($"/api/events?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ResponseBody.JsonAsync(response);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Get_returns_the_organizations_own_event()
    {
        var tenant = await TestHost.NewTenantAsync();
        var published = await EventRows.PublishAsync(tenant);

        var response = await tenant.Http.GetAsync($"/api/events/{published.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var evt = await ResponseBody.JsonAsync(response);
        Assert.Equal(published.Id, evt.GetProperty("id").GetGuid());
        Assert.Equal(published.Slug, evt.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Another_organizations_event_is_404_like_an_unknown_or_malformed_id()
    {
        var owner = await TestHost.NewTenantAsync();
        var stranger = await TestHost.NewTenantAsync();
        var published = await EventRows.PublishAsync(owner);
        stranger.Http.DefaultRequestHeaders.Add("X-Request-Id", "events-probe");

        var foreign = await stranger.Http.GetAsync($"/api/events/{published.Id}");
        var unknown = await stranger.Http.GetAsync($"/api/events/{Guid.NewGuid()}");
        var malformed = await stranger.Http.GetAsync("/api/events/not-a-uuid");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        var body = await foreign.Content.ReadAsStringAsync();
        Assert.Equal(body, await unknown.Content.ReadAsStringAsync());
        Assert.Equal(body, await malformed.Content.ReadAsStringAsync());
        Assert.Equal(0, (await ResponseBody.JsonAsync(await stranger.Http.GetAsync("/api/events"))).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Event_routes_need_a_token()
    {
        var anonymous = await TestHost.AnonymousClientAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/events/{Guid.NewGuid()}")).StatusCode);
    }

    private static List<Guid> Ids(JsonElement list) => [.. list.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid())];
}
