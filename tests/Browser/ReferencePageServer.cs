using EventWizard.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;

namespace EventWizard.Tests.Browser;

/// <summary>
/// The reference wizard (web/, as the DevHost build copies it beside the tests) deployed as a static site on its own
/// loopback port: another origin than the API, which its config.json names.
/// </summary>
public sealed class ReferencePageServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ReferencePageServer(WebApplication app)
    {
        this.app = app;
    }

    public string Origin => LoopbackServer.AddressOf(app);

    public static async Task<ReferencePageServer> StartAsync(string apiBase, CancellationToken ct)
    {
        var app = LoopbackServer.Create(AppContext.BaseDirectory);
        app.MapGet("/config.json", () => Results.Json(new { apiBase }));
        var files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "web"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        await app.StartAsync(ct);
        return new ReferencePageServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
