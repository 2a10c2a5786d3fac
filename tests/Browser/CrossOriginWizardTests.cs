using System.Text.Json;
using EventWizard.Tests.Data;
using EventWizard.Tests.Infrastructure;
using EventWizard.Tests.Sessions;

namespace EventWizard.Tests.Browser;

/// <summary>
/// A real headless Chromium runs the wizard with fetch() from a page on another origin than the API. The test host
/// allows <c>http://127.0.0.1:*</c>; the same page loaded as <c>http://localhost:…</c> is an origin it does not allow.
/// </summary>
public sealed class CrossOriginWizardTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] DataStages = ["organizerSetup", "eventSetup", "ticketSetup", "venueSetup", "paymentSetup"];

    [Fact]
    public async Task A_page_on_an_allowed_origin_creates_autosaves_publishes_and_reads_the_public_page()
    {
        var tenant = await TestHost.NewTenantAsync();
        await using var page = await browser.OpenPageAsync("127.0.0.1");

        var run = await page.RunWizardFlowAsync(await ApiBaseAsync(), tenant.Token);
        await page.ScreenshotAsync("allowed-origin");

        Assert.Null(run.StoppedBy);
        Assert.Equal(["create", .. DataStages, "staleAutosave", "publish", "publishAgain", "publicPage"], run.Steps.Keys);

        var created = run.Steps["create"];
        Assert.Equal(201, created.Status);
        var sessionId = created.Body.GetProperty("session_id").GetString();
        Assert.Equal($"/api/wizard-session/{sessionId}", created.Header("Location"));
        Assert.Equal("\"1\"", created.Header("ETag"));

        for (var i = 0; i < DataStages.Length; i++)
        {
            var saved = run.Steps[DataStages[i]];
            Assert.Equal(200, saved.Status);
            Assert.Equal($"\"{i + 2}\"", saved.Header("ETag"));
            Assert.Contains(DataStages[i], SessionApi.Strings(saved.Body.GetProperty("completed_stages")));
        }
        var title = run.Steps["eventSetup"].Body.GetProperty("event_data").GetProperty("title").GetString();

        var stale = run.Steps["staleAutosave"];
        Assert.Equal(412, stale.Status);
        Assert.StartsWith("application/problem+json", stale.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("version_mismatch", stale.Body.GetProperty("code").GetString());
        var current = stale.Body.GetProperty("current");
        Assert.Equal(1 + DataStages.Length, current.GetProperty("version").GetInt32());
        Assert.Equal(title, current.GetProperty("event_data").GetProperty("title").GetString());
        Assert.Equal(stale.Header("X-Request-Id"), stale.Body.GetProperty("traceId").GetString());

        var published = run.Steps["publish"];
        Assert.Equal(201, published.Status);
        var eventId = published.Body.GetProperty("id").GetString();
        Assert.Equal($"/api/events/{eventId}", published.Header("Location"));
        Assert.Null(published.Header("Idempotent-Replayed"));
        Assert.Equal(title, published.Body.GetProperty("title").GetString());

        var replayed = run.Steps["publishAgain"];
        Assert.Equal(200, replayed.Status);
        Assert.Equal("true", replayed.Header("Idempotent-Replayed"));
        Assert.Equal(eventId, replayed.Body.GetProperty("id").GetString());

        var publicPage = run.Steps["publicPage"];
        Assert.Equal(200, publicPage.Status);
        Assert.Equal(published.Body.GetProperty("slug").GetString(), publicPage.Body.GetProperty("slug").GetString());
        Assert.Equal(title, publicPage.Body.GetProperty("title").GetString());
        Assert.False(publicPage.Body.TryGetProperty("organization_id", out _));

        var requestIds = run.Steps.Values.Select(step => step.Header("X-Request-Id")).ToList();
        Assert.All(requestIds, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(requestIds.Count, requestIds.Distinct().Count());

        using var stored = JsonDocument.Parse((await SessionApi.StoredAsync(tenant.OrganizationId, sessionId!))!);
        Assert.Equal("completed", stored.RootElement.GetProperty("status").GetString());
        Assert.Equal(eventId, stored.RootElement.GetProperty("event_id").GetString());
    }

    [Fact]
    public async Task A_page_on_an_origin_not_allowed_is_blocked_by_the_browser_and_creates_nothing()
    {
        var tenant = await TestHost.NewTenantAsync();
        var slug = await PublishedEventSlugAsync();
        await using var page = await browser.OpenPageAsync("localhost");

        var run = await page.RunWizardFlowAsync(await ApiBaseAsync(), tenant.Token);
        var publicPage = await page.ReadPublicEventAsync(await ApiBaseAsync(), slug);
        await page.ScreenshotAsync("blocked-origin");

        // The preflight of the create is refused, so the POST is never sent and the flow stops there.
        Assert.Equal(["create"], run.Steps.Keys);
        var create = run.Steps["create"];
        Assert.Null(create.Status);
        Assert.Equal("TypeError", create.Error?.Name);
        Assert.True(await page.ConsoleShowsAsync("blocked by CORS policy", "preflight"), string.Join('\n', page.Console));
        // An anonymous GET needs no preflight: the API answers it, but without Access-Control-Allow-Origin the
        // browser keeps the answer from the page.
        Assert.Equal("TypeError", publicPage.Error?.Name);
        Assert.True(await page.ConsoleShowsAsync("blocked by CORS policy", "No 'Access-Control-Allow-Origin' header"),
            string.Join('\n', page.Console));

        foreach (var table in TenantRows.Tables)
        {
            Assert.Equal(0, await TenantRows.CountAsOwnerAsync(table, tenant.OrganizationId));
        }
    }

    private static async Task<string> ApiBaseAsync() => (await TestHost.InstanceAsync()).BaseAddress + "/api";

    /// <summary>An event published by another organization, for the anonymous read.</summary>
    private static async Task<string> PublishedEventSlugAsync()
    {
        var publisher = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(publisher);
        var response = await SessionRows.PublishAsync(publisher.Http, new { sessionId });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await ResponseBody.JsonAsync(response)).GetProperty("slug").GetString()!;
    }
}
