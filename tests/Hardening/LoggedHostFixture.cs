using EventWizard.DevHost;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Hardening;

/// <summary>A DevHost of our own whose log (Information and up) the tests read, on the shared test database.</summary>
public sealed class LoggedHostFixture : IAsyncLifetime
{
    public LogCapture Logs { get; } = new();
    public DevHostApp Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = TestHost.Settings(await TestDatabase.RuntimeConnectionStringAsync(), await TestDatabase.OwnerConnectionStringAsync());
        settings["Logging:LogLevel:Default"] = "Information";
        // Kestrel's default is 30 s; the slow request head test need not wait that long.
        settings["Kestrel:Limits:RequestHeadersTimeout"] = "00:00:02";
        Host = await DevHostApp.StartAsync([], settings, Logs, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
