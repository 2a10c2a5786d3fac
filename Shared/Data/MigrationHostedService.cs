using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EventWizard.Shared.Data;

/// <summary>Brings the schema up to date on start when an owner connection string is configured.</summary>
public sealed class MigrationHostedService(Migrator migrator, IOptions<DatabaseOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.MigrateOnStartup && !string.IsNullOrWhiteSpace(settings.OwnerConnectionString))
        {
            await migrator.MigrateAsync(settings.OwnerConnectionString, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
