using System.Net;
using EventWizard.Tests.Cleanup;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Sessions;

[Collection(CleanupCollection.Name)]
public sealed class ListSessionsTests
{
    private static async Task<string[]> ListAsync(TenantClient tenant, string query = "")
    {
        var response = await tenant.Http.GetAsync("/api/wizard-session" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
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
        await PatchOkAsync(tenant, new { sessionId = ids[0], stage = "organizer", data = new StagePayloads().Organizer });

        var response = await tenant.Http.GetAsync("/api/wizard-session");

        var body = await JsonAsync(response);
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
    [InlineData("?include=everything")]
    [InlineData("?cursor=not-a-cursor")]
    [InlineData("?cursor=MnwxfGFiYw")]
    [InlineData("?cursor=MXw2Mzg5NzI1NjAwMDAwMDAwMDB8YQBi")]
    [InlineData("?cursor=")]
    public async Task List_with_a_bad_query_parameter_is_400(string query)
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.GetAsync("/api/wizard-session" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", await ProblemCodeAsync(response));
    }

    [Fact]
    public async Task List_items_are_summaries_unless_payloads_are_asked_for()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await PatchOkAsync(tenant, new { sessionId = id, stage = "event", data = new StagePayloads().Event });

        var summary = (await JsonAsync(await tenant.Http.GetAsync("/api/wizard-session"))).GetProperty("items")[0];
        var whole = (await JsonAsync(await tenant.Http.GetAsync("/api/wizard-session?include=payloads"))).GetProperty("items")[0];

        Assert.Equal("Autumn Runway", summary.GetProperty("title").GetString());
        Assert.False(summary.TryGetProperty("event_data", out _));
        Assert.False(summary.TryGetProperty("issues", out _));
        Assert.Equal(["session_id", "organization_id", "user_id", "current_stage", "completed_stages", "is_active", "status",
            "title", "event_id", "version", "created_at", "updated_at", "expires_at"], Names(summary));
        Assert.Equal("Autumn Runway", whole.GetProperty("event_data").GetProperty("title").GetString());
        Assert.False(whole.TryGetProperty("issues", out _));
        Assert.False(whole.TryGetProperty("title", out _));
        Assert.Equal(["eventSetup"], Strings(whole.GetProperty("completed_stages")));
    }

    [Fact]
    public async Task A_title_that_is_not_a_string_lists_as_null()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await PatchOkAsync(tenant, new { sessionId = id, stage = "event", data = new { title = new[] { 1, 2 } } });

        var summary = (await JsonAsync(await tenant.Http.GetAsync("/api/wizard-session"))).GetProperty("items")[0];

        Assert.Equal(System.Text.Json.JsonValueKind.Null, summary.GetProperty("title").ValueKind);
    }

    [Fact]
    public async Task Paging_returns_every_session_once_newest_first_even_when_changes_share_a_time_stamp()
    {
        var tenant = await TestHost.NewTenantAsync();
        var ids = Enumerable.Range(0, 7).Select(_ => NewId()).ToList();
        foreach (var id in ids.Skip(4))
        {
            await CreateAsync(tenant, id);
        }
        // Four of them last changed at the very same moment, before the others: the session id breaks the tie.
        await InsertAsOwnerAsync(tenant, ids.Take(4), "in_progress", "now() - interval '1 hour'", "now() + interval '6 days'");
        var pages = await PagesAsync(tenant, "?limit=3");

        Assert.Equal([3, 3, 1], pages.Select(page => page.Count));
        var expected = ids.Skip(4).Reverse().Concat(ids.Take(4).OrderByDescending(id => id, StringComparer.Ordinal));
        Assert.Equal(expected, pages.SelectMany(page => page));
    }

    [Fact]
    public async Task A_session_changed_while_paging_moves_to_the_front_and_no_other_is_skipped_or_repeated()
    {
        var tenant = await TestHost.NewTenantAsync();
        var ids = Enumerable.Range(0, 6).Select(_ => NewId()).ToList();
        foreach (var id in ids)
        {
            await CreateAsync(tenant, id);
        }
        var first = await JsonAsync(await tenant.Http.GetAsync("/api/wizard-session?limit=2"));
        var next = first.GetProperty("next").GetString();
        await PatchOkAsync(tenant, new { sessionId = ids[1], stage = "organizer", data = new StagePayloads().Organizer });
        var rest = await PagesAsync(tenant, "?limit=2", next);

        var seen = first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("session_id").GetString()!)
            .Concat(rest.SelectMany(page => page)).ToList();
        Assert.Equal([ids[5], ids[4], ids[3], ids[2], ids[0]], seen);
        Assert.Equal(ids[1], (await ListAsync(tenant))[0]);
    }

    [Fact]
    public async Task Paging_under_concurrent_autosaves_never_repeats_a_session_and_never_skips_an_unchanged_one()
    {
        var tenant = await TestHost.NewTenantAsync();
        var ids = Enumerable.Range(0, 40).Select(_ => NewId()).ToList();
        foreach (var id in ids)
        {
            await CreateAsync(tenant, id);
        }
        var changed = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                var id = ids[random.Next(ids.Count)];
                changed[id] = true;
                await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });
            }
        })).ToList();

        var seen = (await PagesAsync(tenant, "?limit=3")).SelectMany(page => page).ToList();
        stop.Cancel();
        await Task.WhenAll(writers);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(ids.Where(id => !changed.ContainsKey(id)).Except(seen));
        Assert.NotEmpty(changed);
    }

    [Fact]
    public async Task Expired_lists_sessions_past_their_expiry_whether_or_not_the_nightly_job_marked_them()
    {
        var tenant = await TestHost.NewTenantAsync();
        string[] ids = [NewId(), NewId(), NewId()];
        await InsertAsOwnerAsync(tenant, [ids[0]], "in_progress", "now() - interval '8 days'", "now() - interval '1 hour'");
        await InsertAsOwnerAsync(tenant, [ids[1]], "expired", "now() - interval '9 days'", "now() - interval '2 days'");
        await CreateAsync(tenant, ids[2]);

        Assert.Equal([ids[2]], await ListAsync(tenant));
        Assert.Equal([ids[0], ids[1]], await ListAsync(tenant, "?status=expired"));
        Assert.Equal([ids[0]], await ListAsync(tenant, "?status=expired&limit=1"));
        Assert.Equal([ids[1]], (await PagesAsync(tenant, "?status=expired&limit=1")).Skip(1).Single());
    }

    [Fact]
    public async Task Expired_pages_merge_marked_and_lapsed_sessions_newest_first_each_once()
    {
        var tenant = await TestHost.NewTenantAsync();
        var expected = new List<string>();
        for (var minutes = 12; minutes >= 1; minutes--)
        {
            // Alternately marked by the nightly job and lapsed unmarked, each a minute older than the one before.
            var id = NewId();
            var updatedAt = $"now() - interval '8 days' - interval '{minutes} minutes'";
            await (minutes % 2 == 0
                ? InsertAsOwnerAsync(tenant, [id], "expired", updatedAt, updatedAt)
                : InsertAsOwnerAsync(tenant, [id], "in_progress", updatedAt, $"now() - interval '1 day' - interval '{minutes} minutes'"));
            expected.Insert(0, id);
        }
        await InsertAsOwnerAsync(tenant, [NewId()], "in_progress", "now() - interval '2 days'", "now() + interval '5 days'");

        var pages = await PagesAsync(tenant, "?status=expired&limit=5");

        Assert.Equal([5, 5, 2], pages.Select(page => page.Count));
        Assert.Equal(expected, pages.SelectMany(page => page));
        Assert.Equal(expected, (await PagesAsync(tenant, "?status=expired&mine=true&limit=2")).SelectMany(page => page));
    }

    /// <summary>Inserts sessions as the owner with a given status, last change and expiry (SQL expressions).</summary>
    private static Task InsertAsOwnerAsync(TenantClient tenant, IEnumerable<string> ids, string status, string updatedAt, string expiresAt) =>
        ExecuteAsOwnerAsync($"""
            insert into wizard_sessions (organization_id, session_id, user_id, status, is_active, updated_at, expires_at)
            select @org, id, @user, @status, @status = 'in_progress', {updatedAt}, {expiresAt} from unnest(@ids) id
            """, new { org = tenant.OrganizationId, user = tenant.UserId, status, ids = ids.ToArray() });

    /// <summary>Every page of the list from <paramref name="cursor"/> on, following next until it is null.</summary>
    private static async Task<List<List<string>>> PagesAsync(TenantClient tenant, string query, string? cursor = null)
    {
        var pages = new List<List<string>>();
        for (var guard = 0; guard < 100; guard++)
        {
            var url = "/api/wizard-session" + query + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var body = await JsonAsync(await tenant.Http.GetAsync(url));
            pages.Add([.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("session_id").GetString()!)]);
            cursor = body.GetProperty("next").GetString();
            if (cursor is null)
            {
                return pages;
            }
        }
        throw new InvalidOperationException("The list never ended.");
    }

    private static string[] Names(System.Text.Json.JsonElement item) => [.. item.EnumerateObject().Select(p => p.Name)];
}
