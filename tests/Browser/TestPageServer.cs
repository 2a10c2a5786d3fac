using EventWizard.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

namespace EventWizard.Tests.Browser;

/// <summary>
/// A second Kestrel on loopback serving the static test page (tests/Browser/page) from another origin than the API.
/// The same server is reachable as 127.0.0.1 and as localhost: two origins that differ only by host name.
/// </summary>
public sealed class TestPageServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestPageServer(WebApplication app)
    {
        this.app = app;
    }

    public int Port => new Uri(LoopbackServer.AddressOf(app)).Port;

    /// <summary>The page's address with <paramref name="host"/> (<c>127.0.0.1</c> or <c>localhost</c>) as the origin's host.</summary>
    public string PageUrl(string host) => $"http://{host}:{Port}/index.html";

    public static async Task<TestPageServer> StartAsync(CancellationToken ct)
    {
        var app = LoopbackServer.Create(AppContext.BaseDirectory);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "Browser", "page")),
        });
        await app.StartAsync(ct);
        return new TestPageServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
