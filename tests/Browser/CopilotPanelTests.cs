using System.Text.Json;
using EventWizard.Tests.Copilot;
using EventWizard.Tests.Infrastructure;
using EventWizard.Tests.Sessions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWizard.Tests.Browser;

/// <summary>The reference page's copilot panel in headless Chromium, against a host whose copilot calls the fake model.</summary>
public sealed class CopilotPanelTests(CopilotPanelTests.Fixture fixture) : IClassFixture<CopilotPanelTests.Fixture>
{
    [Fact]
    public async Task A_person_asks_sees_the_reply_and_a_proposal_and_applies_it_with_a_click()
    {
        var tenant = fixture.Copilot.NewTenant();
        var message = $"Fill in the organizer {CopilotApi.Marker()}";
        fixture.Copilot.Model.Plan(message, new FakeAnswer("Here is the organizer, as you told me.",
            [("save_organizerSetup", """{"name":"Atelier Nord","email":"hello@atelier-nord.example"}""")]));
        await using var context = await fixture.Chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fixture.Pages.Origin}/#token={tenant.Token}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Start a new event" }).ClickAsync();
        await page.GetByLabel("Ask the copilot").FillAsync(message);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();

        await Expect(page.Locator("#copilot-reply")).ToHaveTextAsync("Here is the organizer, as you told me.");
        var proposal = page.Locator(".proposal[data-stage='organizerSetup']");
        await Expect(proposal).ToContainTextAsync("Atelier Nord");
        Directory.CreateDirectory(ReferenceWizardFixture.ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ReferenceWizardFixture.ScreenshotDirectory, "copilot-proposal.png"), FullPage = true });
        var sessionId = new Uri(page.Url).Query.Split("session=")[1].Split('&')[0];
        Assert.Equal("{}", OrganizerData(await SessionApi.StoredAsync(tenant.OrganizationId, sessionId)));

        await proposal.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await Expect(page.GetByLabel("Organizer name")).ToHaveValueAsync("Atelier Nord");
        await Expect(page.Locator("#save-status")).ToHaveTextAsync("All changes saved", new() { Timeout = 15_000 });
        Assert.Equal("""{"name": "Atelier Nord", "email": "hello@atelier-nord.example"}""",
            OrganizerData(await SessionApi.StoredAsync(tenant.OrganizationId, sessionId)));
    }

    private static string OrganizerData(string? row) => JsonDocument.Parse(row!).RootElement.GetProperty("organizer_data").GetRawText();

    /// <summary>Chromium, a copilot host with its fake model, and the reference page calling that host.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public HeadlessChromium Chromium { get; private set; } = null!;
        public CopilotHostFixture Copilot { get; } = new();
        public ReferencePageServer Pages { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Chromium = await HeadlessChromium.LaunchAsync();
            await Copilot.InitializeAsync();
            Pages = await ReferencePageServer.StartAsync($"{Copilot.Host.BaseAddress}/api", CancellationToken.None);
        }

        public async Task DisposeAsync()
        {
            await Pages.DisposeAsync();
            await Copilot.DisposeAsync();
            await Chromium.DisposeAsync();
        }
    }
}
