using System.Globalization;
using System.Text.Json;
using EventWizard.Tests.Infrastructure;
using Microsoft.Playwright;
using static EventWizard.Tests.Sessions.SessionApi;
using static Microsoft.Playwright.Assertions;

namespace EventWizard.Tests.Browser;

/// <summary>
/// The reference page's analytics view (web/analytics.js) in headless Chromium, over data made through the API: every
/// number it draws is the API's, and a screenshot shows it.
/// </summary>
public sealed class AnalyticsViewTests(ReferenceWizardFixture wizard) : IClassFixture<ReferenceWizardFixture>
{
    [Fact]
    public async Task The_analytics_view_draws_the_funnel_csat_and_models_with_the_APIs_numbers()
    {
        var tenant = await TestHost.NewTenantAsync();
        await ArrangeAsync(tenant);
        var api = await ResponseBody.JsonAsync(await tenant.Http.GetAsync("/api/wizard-analytics"));

        await using var context = await wizard.NewContextAsync();
        var page = await wizard.OpenAsync(context, tenant.Token, "?view=analytics");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Analytics" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-figure='funnel/started']").First).ToHaveTextAsync("4", new() { Timeout = 15_000 });
        await ReferenceWizardFixture.ScreenshotAsync(page, "analytics-view");

        var drawn = await page.EvaluateAsync<string[][]>(
            "[...document.querySelectorAll('[data-figure]')].map(e => [e.getAttribute('data-figure'), e.textContent])");
        foreach (var (path, text) in drawn.Select(d => (d[0], d[1])))
        {
            Assert.True(Display(At(api, path)) == text, $"{path}: drawn {text}, the API says {At(api, path).GetRawText()}");
        }
        var paths = drawn.Select(d => d[0]).ToHashSet();
        string[] expected = ["funnel/started", "funnel/reached/ticketSetup", "funnel/reached/reviewPublish", "funnel/published",
            "funnel/abandoned", "csat/mean", "csat/distribution/5", "csat/byStage/eventSetup/mean", "csat/byModel/gpt-4.1/count",
            "ai/byModel/gpt-4.1/turns", "ai/byModel/gpt-4.1/tokens", "ai/byModel/gpt-4.1/latencyP95Ms", "ai/byModel/small-model/latencyP50Ms",
            "publishFailures/session_incomplete", "timeToPublish/p50Seconds"];
        Assert.All(expected, path => Assert.Contains(path, paths));
        Assert.Equal(api.GetProperty("daily").GetArrayLength(), await page.Locator("svg.daily g[data-date]").CountAsync());
    }

    /// <summary>Four sessions (one published, one abandoned after moving back, one refused at publish, one untouched), ratings and turns.</summary>
    private static async Task ArrangeAsync(TenantClient tenant)
    {
        var payloads = new StagePayloads();
        var published = NewId();
        await CreateAsync(tenant, published);
        await CompleteDataStagesAsync(tenant, published);
        Assert.True((await SessionRows.PublishAsync(tenant.Http, new { sessionId = published })).IsSuccessStatusCode);

        var abandoned = NewId();
        await CreateAsync(tenant, abandoned);
        await PatchOkAsync(tenant, new { sessionId = abandoned, stage = "organizerSetup", data = payloads.Organizer });
        await PatchOkAsync(tenant, new { sessionId = abandoned, stage = "eventSetup", data = payloads.Event });
        await PatchOkAsync(tenant, new { sessionId = abandoned, stage = "ticketSetup", data = payloads.Ticket });
        await PatchOkAsync(tenant, new { sessionId = abandoned, stage = "organizerSetup", data = payloads.Organizer });
        await tenant.Http.DeleteAsync($"/api/wizard-session/{abandoned}");

        var refused = NewId();
        await CreateAsync(tenant, refused);
        Assert.False((await SessionRows.PublishAsync(tenant.Http, new { sessionId = refused })).IsSuccessStatusCode);
        await CreateAsync(tenant, NewId());

        foreach (var (stage, model, csat) in new[] { ("eventSetup", "gpt-4.1", 5), ("eventSetup", "small-model", 4), ("ticketSetup", "gpt-4.1", 2) })
        {
            await PostAsync(tenant, refused, new { role = "user", stage, model, csat });
        }
        foreach (var (model, latencyMs, tokensUsed) in new[] { ("gpt-4.1", 820, 410), ("gpt-4.1", 2400, 1290), ("gpt-4.1", 640, 300), ("small-model", 150, 90) })
        {
            await PostAsync(tenant, published, new { role = "assistant", text = "…", model, latencyMs, tokensUsed });
        }
    }

    private static async Task PostAsync(TenantClient tenant, string sessionId, object body) =>
        Assert.True((await tenant.Http.PostAsync($"/api/wizard-session/{sessionId}/interactions", Json(body))).IsSuccessStatusCode);

    private static JsonElement At(JsonElement root, string path) =>
        path.Split('/').Aggregate(root, (element, name) => element.GetProperty(name));

    /// <summary>As web/analytics.js writes a value: null as a dash, numbers as JavaScript prints them.</summary>
    private static string Display(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "–",
        JsonValueKind.String => value.GetString()!,
        _ => value.GetDouble().ToString(CultureInfo.InvariantCulture),
    };
}
