using System.Net.Http.Json;
using System.Text.Json;
using EventWizard.Tests.Infrastructure;
using EventWizard.Tests.Sessions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWizard.Tests.Browser;

/// <summary>
/// The reference wizard (web/) in headless Chromium, from its own origin against the test host: what a person sees
/// and does, asserted on the page and on the server.
/// </summary>
public sealed class ReferenceWizardTests(ReferenceWizardFixture wizard) : IClassFixture<ReferenceWizardFixture>
{
    /// <summary>A month ahead: not in the past whatever the time zone.</summary>
    private static readonly string FutureDate = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 15_000 };

    [Fact]
    public async Task A_person_walks_the_six_steps_on_a_phone_and_publishes_once()
    {
        var tenant = await TestHost.NewTenantAsync();
        await using var context = await wizard.NewContextAsync(phone: true);
        var page = await wizard.OpenAsync(context, tenant.Token);

        await page.GetByRole(AriaRole.Button, new() { Name = "Start a new event" }).ClickAsync();
        await ExpectStepAsync(page, 1, "Organizer");
        await NextAsync(page);
        await Expect(page.Locator(".issue[data-field='email']")).ToHaveTextAsync("email is required");
        await Expect(Field(page, "Organizer name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Field(page, "Organizer name")).ToBeFocusedAsync();
        await ReferenceWizardFixture.ScreenshotAsync(page, "walk-1-organizer-issues");

        await FillOrganizerAsync(page);
        await NextAsync(page);
        await ExpectStepAsync(page, 2, "Event");
        await ReferenceWizardFixture.ScreenshotAsync(page, "walk-2-event");
        await FillEventAsync(page, "Spring show");
        await NextAsync(page);
        await ExpectStepAsync(page, 3, "Tickets");
        await Field(page, "Tier name").FillAsync("General admission");
        await Field(page, "Price (0 for free)").FillAsync("0");
        await Field(page, "Quantity").FillAsync("50");
        await Field(page, "Total capacity").FillAsync("50");
        await ReferenceWizardFixture.ScreenshotAsync(page, "walk-3-tickets");
        await NextAsync(page);
        await ExpectStepAsync(page, 4, "Venue");
        await Field(page, "Where it happens").SelectOptionAsync("virtual");
        await Field(page, "Stream URL (virtual or hybrid, https)").FillAsync("https://meet.example.com/spring-show");
        await ReferenceWizardFixture.ScreenshotAsync(page, "walk-4-venue");
        await NextAsync(page);
        await ExpectStepAsync(page, 5, "Payment");
        await ReferenceWizardFixture.ScreenshotAsync(page, "walk-5-payment");
        await NextAsync(page);
        await ExpectStepAsync(page, 6, "Review and publish");
        await Expect(page.Locator("ol.steps button.complete")).ToHaveCountAsync(5);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at phone width");

        await page.GetByLabel("Message").FillAsync("Make it a spring show");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await page.GetByLabel("4", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Rate" }).ClickAsync();
        await Expect(page.Locator("#transcript")).ToContainTextAsync("user: Make it a spring show", new() { Timeout = 15_000 });
        await Expect(page.Locator("#transcript")).ToContainTextAsync("Rated 4 of 5", new() { Timeout = 15_000 });
        await ReferenceWizardFixture.ScreenshotAsync(page, "walk-6-review");

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        var link = page.Locator("#public-link");
        await Expect(page.Locator("#published")).ToContainTextAsync("Published: “Spring show”", new() { Timeout = 15_000 });
        await Expect(link).ToBeFocusedAsync();
        await ReferenceWizardFixture.ScreenshotAsync(page, "walk-7-published");

        using var anonymous = new HttpClient();
        var publicEvent = await anonymous.GetFromJsonAsync<JsonElement>(await link.GetAttributeAsync("href"));
        Assert.Equal("Spring show", publicEvent.GetProperty("title").GetString());
        Assert.Equal(1, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task A_reload_mid_way_resumes_and_another_device_resumes_from_the_list()
    {
        var tenant = await TestHost.NewTenantAsync();
        await using var laptop = await wizard.NewContextAsync();
        var page = await wizard.OpenAsync(laptop, tenant.Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start a new event" }).ClickAsync();
        await FillOrganizerAsync(page);
        await NextAsync(page);
        await Field(page, "Event title").FillAsync("Half-way show");
        await ExpectSavedAsync(page);

        await page.ReloadAsync();
        await ExpectStepAsync(page, 2, "Event");
        await Expect(Field(page, "Event title")).ToHaveValueAsync("Half-way show");
        await ReferenceWizardFixture.ScreenshotAsync(page, "resume-1-after-reload");

        await using var phone = await wizard.NewContextAsync(phone: true);
        var other = await wizard.OpenAsync(phone, tenant.Token);
        await ReferenceWizardFixture.ScreenshotAsync(other, "resume-2-list");
        await other.GetByRole(AriaRole.Button, new() { Name = "Resume “Half-way show”" }).ClickAsync();
        await ExpectStepAsync(other, 2, "Event");
        await Expect(Field(other, "Event title")).ToHaveValueAsync("Half-way show");
        await Field(other, "Date").FillAsync(FutureDate);
        await ExpectSavedAsync(other);
        await ReferenceWizardFixture.ScreenshotAsync(other, "resume-3-other-device");

        var stored = await StoredEventDataAsync(tenant, new Uri(other.Url).Query.Split('=')[1]);
        Assert.Equal("Half-way show", stored.GetProperty("title").GetString());
        Assert.Equal(FutureDate, stored.GetProperty("date").GetString());
    }

    [Fact]
    public async Task Two_tabs_editing_one_step_get_the_conflict_banner_and_lose_nothing()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionAtEventStepAsync(tenant);
        await using var context = await wizard.NewContextAsync();
        var first = await wizard.OpenAsync(context, tenant.Token, $"?session={sessionId}");
        var second = await wizard.OpenAsync(context, tenant.Token, $"?session={sessionId}");
        await ExpectStepAsync(second, 2, "Event");

        await Field(first, "Event title").FillAsync("Title from the first tab");
        await Field(first, "Description (optional)").FillAsync("Only the first tab wrote this");
        await ExpectSavedAsync(first);
        await Field(second, "Event title").FillAsync("Title from the second tab");

        var banner = second.Locator("#conflict");
        await Expect(banner).ToContainTextAsync("Someone else changed Event", new() { Timeout = 15_000 });
        await Expect(banner).ToContainTextAsync("Title from the first tab");
        await Expect(second.Locator("#save-status")).ToHaveTextAsync("Not saved: someone else changed this step");
        await Expect(Field(second, "Event title")).ToHaveValueAsync("Title from the second tab");
        await ReferenceWizardFixture.ScreenshotAsync(second, "conflict-1-banner");

        await second.GetByRole(AriaRole.Button, new() { Name = "Keep mine" }).ClickAsync();
        await ExpectSavedAsync(second);
        await Expect(banner).ToBeHiddenAsync();
        await Expect(Field(second, "Description (optional)")).ToHaveValueAsync("Only the first tab wrote this");
        await ReferenceWizardFixture.ScreenshotAsync(second, "conflict-2-kept-mine");

        var stored = await StoredEventDataAsync(tenant, sessionId);
        Assert.Equal("Title from the second tab", stored.GetProperty("title").GetString());
        Assert.Equal("Only the first tab wrote this", stored.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_double_click_on_publish_and_a_second_tab_publishing_make_one_event()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = (await SessionApi.CreateAsync(tenant)).GetProperty("session_id").GetString()!;
        await SessionApi.CompleteDataStagesAsync(tenant, sessionId);
        await SessionApi.PatchOkAsync(tenant, new { sessionId, currentStage = "reviewPublish" });
        await using var context = await wizard.NewContextAsync();
        var first = await wizard.OpenAsync(context, tenant.Token, $"?session={sessionId}");
        var second = await wizard.OpenAsync(context, tenant.Token, $"?session={sessionId}");
        await ExpectStepAsync(first, 6, "Review and publish");
        await ExpectStepAsync(second, 6, "Review and publish");

        await Task.WhenAll(
            first.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).DblClickAsync(),
            second.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync());

        await Expect(first.Locator("#public-link")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(second.Locator("#public-link")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.Equal(await first.Locator("#public-link").GetAttributeAsync("href"), await second.Locator("#public-link").GetAttributeAsync("href"));
        await ReferenceWizardFixture.ScreenshotAsync(second, "publish-twice-second-tab");
        Assert.Equal(1, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task Typing_while_offline_is_kept_and_saved_when_the_connection_is_back()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionAtEventStepAsync(tenant);
        await using var context = await wizard.NewContextAsync();
        var page = await wizard.OpenAsync(context, tenant.Token, $"?session={sessionId}");
        await ExpectStepAsync(page, 2, "Event");

        await context.SetOfflineAsync(true);
        await Field(page, "Event title").FillAsync("Typed on a train");
        await Expect(page.Locator("#save-status")).ToHaveTextAsync(
            "Offline: your changes are kept and will be saved when the connection is back", Patient);
        await ReferenceWizardFixture.ScreenshotAsync(page, "offline-1-kept");

        await context.SetOfflineAsync(false);
        await ExpectSavedAsync(page);
        await ReferenceWizardFixture.ScreenshotAsync(page, "offline-2-saved");
        Assert.Equal("Typed on a train", (await StoredEventDataAsync(tenant, sessionId)).GetProperty("title").GetString());
    }

    private static ILocator Field(IPage page, string label) => page.GetByLabel(label, new() { Exact = true });

    private static Task NextAsync(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }).ClickAsync();

    private static Task ExpectStepAsync(IPage page, int number, string title) =>
        Expect(page.Locator("#step-title")).ToHaveTextAsync($"Step {number} of 6: {title}", Patient);

    private static Task ExpectSavedAsync(IPage page) => Expect(page.Locator("#save-status")).ToHaveTextAsync("All changes saved", Patient);

    private static async Task FillOrganizerAsync(IPage page)
    {
        await Field(page, "Organizer name").FillAsync("Ann Lee");
        await Field(page, "Contact email").FillAsync("ann@example.com");
    }

    private static async Task FillEventAsync(IPage page, string title)
    {
        await Field(page, "Event title").FillAsync(title);
        await Field(page, "Kind of event").SelectOptionAsync("popup");
        await Field(page, "Date").FillAsync(FutureDate);
        await Field(page, "Start time").FillAsync("18:00");
        await Field(page, "Time zone (IANA, such as Europe/Paris)").FillAsync("UTC");
    }

    private static async Task<string> SessionAtEventStepAsync(TenantClient tenant)
    {
        var sessionId = (await SessionApi.CreateAsync(tenant)).GetProperty("session_id").GetString()!;
        await SessionApi.PatchOkAsync(tenant, new { sessionId, stage = "organizerSetup", data = new StagePayloads().Organizer, currentStage = "eventSetup" });
        return sessionId;
    }

    private static async Task<JsonElement> StoredEventDataAsync(TenantClient tenant, string sessionId) =>
        (await tenant.Http.GetFromJsonAsync<JsonElement>($"/api/wizard-session/{sessionId}")).GetProperty("event_data");

    private static async Task<int> EventCountAsync(TenantClient tenant) =>
        (await tenant.Http.GetFromJsonAsync<JsonElement>("/api/events")).GetProperty("items").GetArrayLength();
}
