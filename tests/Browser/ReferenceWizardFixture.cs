using EventWizard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EventWizard.Tests.Browser;

/// <summary>Headless Chromium and the reference page served from its own origin, calling the shared test host.</summary>
public sealed class ReferenceWizardFixture : IAsyncLifetime
{
    private HeadlessChromium? chromium;
    private ReferencePageServer? pages;

    /// <summary>Where the walk's screenshots go (one per step, named by test and step).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(WizardPage.ScreenshotDirectory, "reference-wizard");

    public string ApiBase { get; private set; } = "";

    public async Task InitializeAsync()
    {
        chromium = await HeadlessChromium.LaunchAsync();
        ApiBase = $"{(await TestHost.InstanceAsync()).BaseAddress}/api";
        pages = await ReferencePageServer.StartAsync(ApiBase, CancellationToken.None);
    }

    /// <summary>A fresh browser context (another device, as far as the page knows) on a phone-width screen when asked.</summary>
    public Task<IBrowserContext> NewContextAsync(bool phone = false) =>
        chromium!.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1100, Height = 900 } });

    /// <summary>The page in a new tab of <paramref name="context"/>, signed in as the DevHost's printed address does it.</summary>
    public async Task<IPage> OpenAsync(IBrowserContext context, string token, string query = "")
    {
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync($"{pages!.Origin}/{query}#token={token}");
        Assert.True(response?.Ok, $"the reference page did not load: {response?.Status}");
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (chromium is not null)
        {
            await chromium.DisposeAsync();
        }
        if (pages is not null)
        {
            await pages.DisposeAsync();
        }
    }
}
