namespace EventWizard.Tests.Browser;

/// <summary>
/// One headless Chromium (driven by Playwright's bundled driver, no browser download) and the test page server,
/// shared by a test class. Without Chromium the class fails with a message saying how to install it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private HeadlessChromium? chromium;
    private TestPageServer? pages;

    public async Task InitializeAsync()
    {
        chromium = await HeadlessChromium.LaunchAsync();
        pages = await TestPageServer.StartAsync(CancellationToken.None);
    }

    /// <summary>The test page in a fresh browser context, loaded from <paramref name="host"/> (its origin's host name).</summary>
    public Task<WizardPage> OpenPageAsync(string host) => WizardPage.OpenAsync(chromium!.Browser, pages!.PageUrl(host));

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
