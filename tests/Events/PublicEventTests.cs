using System.Net;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Events;

public sealed class PublicEventTests
{
    [Fact]
    public async Task A_published_event_is_readable_by_anyone_without_private_fields()
    {
        var tenant = await TestHost.NewTenantAsync();
        var published = await EventRows.PublishAsync(tenant, new StagePayloads().Paid("acct_1Private"));
        var anonymous = await TestHost.AnonymousClientAsync();

        var response = await anonymous.GetAsync($"/api/public/events/{published.Slug}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var evt = await ResponseBody.JsonAsync(response);
        Assert.Equal(published.Id, evt.GetProperty("id").GetGuid());
        Assert.Equal("published", evt.GetProperty("status").GetString());
        Assert.Equal("Autumn Runway", evt.GetProperty("title").GetString());
        Assert.True(evt.GetProperty("payment_enabled").GetBoolean());
        Assert.False(evt.TryGetProperty("stripe_account_id", out _));
        Assert.False(evt.TryGetProperty("user_id", out _));
        Assert.False(evt.TryGetProperty("source_session_id", out _));
        Assert.False(evt.TryGetProperty("organization_id", out _));
        Assert.False(evt.TryGetProperty("published_by", out _));
        Assert.DoesNotContain("acct_1Private", body, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.UserId.ToString(), body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(tenant.OrganizationId.ToString(), body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_public_page_is_cacheable_and_revalidates_with_its_ETag()
    {
        var tenant = await TestHost.NewTenantAsync();
        var published = await EventRows.PublishAsync(tenant);
        var anonymous = await TestHost.AnonymousClientAsync();
        var url = $"/api/public/events/{published.Slug}";

        var first = await anonymous.GetAsync(url);
        var etag = first.Headers.ETag!.Tag;
        var unchanged = await ConditionalGetAsync(anonymous, url, etag);
        await Sessions.SessionApi.ExecuteAsOwnerAsync("update events set description = 'Moved to Hall 5' where id = @id", new { id = published.Id });
        var changed = await ConditionalGetAsync(anonymous, url, etag);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("public, max-age=60", first.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(etag, unchanged.Headers.ETag!.Tag);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
        Assert.Equal("Moved to Hall 5", (await ResponseBody.JsonAsync(changed)).GetProperty("description").GetString());
    }

    private static Task<HttpResponseMessage> ConditionalGetAsync(HttpClient client, string url, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Drafts_cancelled_and_unknown_slugs_are_404_alike()
    {
        var tenant = await TestHost.NewTenantAsync();
        var draft = await EventRows.InsertAsync(tenant, "draft", "Secret Draft");
        var cancelled = await EventRows.InsertAsync(tenant, "cancelled", "Called Off");
        var anonymous = await TestHost.AnonymousClientAsync();
        anonymous.DefaultRequestHeaders.Add("X-Request-Id", "public-probe");

        var responses = new[]
        {
            await anonymous.GetAsync($"/api/public/events/{draft.Slug}"),
            await anonymous.GetAsync($"/api/public/events/{cancelled.Slug}"),
            await anonymous.GetAsync("/api/public/events/no-such-event-12345678"),
            await anonymous.GetAsync("/api/public/events/UPPER%20and%20spaces"),
            await anonymous.GetAsync($"/api/public/events/{new string('a', 301)}"),
        };

        var bodies = new List<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }
        Assert.Single(bodies.Distinct());
    }

    [Fact]
    public async Task The_runtime_role_cannot_read_other_tenants_events_except_through_the_public_function()
    {
        var tenant = await TestHost.NewTenantAsync();
        var published = await EventRows.PublishAsync(tenant);
        var draft = await EventRows.InsertAsync(tenant, "draft");
        await using var conn = await (await TestDatabase.RuntimeAsync()).OpenConnectionAsync();

        var direct = await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, "select count(*) from events where slug = @Slug", new { published.Slug });
        var viaFunction = await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, "select count(*) from public_event_by_slug(@Slug)", new { published.Slug });
        var draftViaFunction = await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, "select count(*) from public_event_by_slug(@Slug)", new { draft.Slug });

        Assert.Equal(0, direct);
        Assert.Equal(1, viaFunction);
        Assert.Equal(0, draftViaFunction);
    }
}
