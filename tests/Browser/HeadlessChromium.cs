using Microsoft.Playwright;

namespace EventWizard.Tests.Browser;

/// <summary>
/// Debian's Chromium launched headless through Playwright's bundled driver (<see cref="Chromium"/>), and the driver
/// with it: the one way the browser tests start a browser, disposed together.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Fails with how to install Chromium when it is missing, before anything is started.</summary>
    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var executable = Chromium.Executable();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = Chromium.Flags,
        });
        return new HeadlessChromium(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
