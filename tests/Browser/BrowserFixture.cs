using Microsoft.Playwright;

namespace EventWizard.Tests.Browser;

/// <summary>
/// One headless Chromium (driven by Playwright's bundled driver, no browser download) and the test page server,
/// shared by a test class. Without Chromium the class fails with a message saying how to install it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? browser;
    private TestPageServer? pages;

    public async Task InitializeAsync()
    {
        var executable = Chromium.Executable();
        pages = await TestPageServer.StartAsync(CancellationToken.None);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = Chromium.Flags,
        });
    }

    /// <summary>The test page in a fresh browser context, loaded from <paramref name="host"/> (its origin's host name).</summary>
    public Task<WizardPage> OpenPageAsync(string host) => WizardPage.OpenAsync(browser!, pages!.PageUrl(host));

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
        playwright?.Dispose();
        if (pages is not null)
        {
            await pages.DisposeAsync();
        }
    }
}
