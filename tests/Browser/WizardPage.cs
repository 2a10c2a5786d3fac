using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace EventWizard.Tests.Browser;

/// <summary>
/// The test page (tests/Browser/page) open in Chromium: runs the page's JavaScript against the API and hands back
/// what the page saw, the browser console's messages, and screenshots.
/// </summary>
public sealed class WizardPage : IAsyncDisposable
{
    private static readonly JsonSerializerOptions PageJson = new(JsonSerializerDefaults.Web);

    private readonly IBrowserContext context;
    private readonly IPage page;
    private readonly ConcurrentQueue<string> console = new();

    private WizardPage(IBrowserContext context, IPage page)
    {
        this.context = context;
        this.page = page;
        page.Console += (_, message) => console.Enqueue(message.Text);
        page.PageError += (_, error) => console.Enqueue("page error: " + error);
    }

    /// <summary>Where screenshots go: tests/TestResults/browser in a source tree, else TestResults/browser beside the tests.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(TestProjectDirectory(), "TestResults", "browser");

    /// <summary>What the browser console said so far, CORS errors included.</summary>
    public IReadOnlyCollection<string> Console => console;

    public static async Task<WizardPage> OpenAsync(IBrowser browser, string url)
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var wizardPage = new WizardPage(context, page);
        var response = await page.GotoAsync(url);
        Assert.True(response?.Ok, $"the test page did not load from {url}: {response?.Status}");
        return wizardPage;
    }

    /// <summary>The page's <c>runWizardFlow</c> against <paramref name="apiBase"/> (…/api) as the token's caller.</summary>
    public async Task<FlowRun> RunWizardFlowAsync(string apiBase, string token) =>
        Parse<FlowRun>(await page.EvaluateAsync<string>(
            "async ([apiBase, token]) => JSON.stringify(await eventWizard.runWizardFlow(apiBase, token))", new[] { apiBase, token }));

    /// <summary>The page's <c>readPublicEvent</c>: the anonymous public page of an event.</summary>
    public async Task<Response> ReadPublicEventAsync(string apiBase, string slug) =>
        Parse<Response>(await page.EvaluateAsync<string>(
            "async ([apiBase, slug]) => JSON.stringify(await eventWizard.readPublicEvent(apiBase, slug))", new[] { apiBase, slug }));

    /// <summary>A screenshot of the whole page as <c>{name}.png</c> in <see cref="ScreenshotDirectory"/>; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>
    /// Whether the console shows a message containing every one of <paramref name="parts"/> within a few seconds:
    /// Chromium reports a blocked call on its own schedule, not before the page's fetch rejects.
    /// </summary>
    public async Task<bool> ConsoleShowsAsync(params string[] parts)
    {
        bool Shown() => console.Any(message => parts.All(part => message.Contains(part, StringComparison.Ordinal)));
        for (var deadline = DateTime.UtcNow.AddSeconds(5); !Shown() && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(50);
        }
        return Shown();
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();

    /// <summary>The page hands its results over as JSON text: what the page saw, in the page's own serialization.</summary>
    private static T Parse<T>(string fromPage) => JsonSerializer.Deserialize<T>(fromPage, PageJson)
        ?? throw new InvalidOperationException($"the page returned {fromPage}");

    private static string TestProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EventWizard.Tests.csproj")))
            {
                return directory.FullName;
            }
        }
        return AppContext.BaseDirectory;
    }

    /// <summary>The page's result of <c>runWizardFlow</c>: each call by step name, and why the flow stopped early (null: it did not).</summary>
    public sealed record FlowRun(Dictionary<string, Response> Steps, string? StoppedBy);

    /// <summary>
    /// What the page could see of one call: status, the readable headers (null when absent or not exposed) and the
    /// JSON body; or, when fetch rejected, only the error.
    /// </summary>
    public sealed record Response(int? Status, Dictionary<string, string?>? Headers, JsonElement Body, PageError? Error)
    {
        public string? Header(string name) => Headers is null ? null : Headers[name];
    }

    /// <summary>A rejected fetch as the page saw it, e.g. TypeError "Failed to fetch".</summary>
    public sealed record PageError(string Name, string Message);
}
