using EventWizard.Shared.Data;
using EventWizard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventWizard.Tests.Cleanup;

/// <summary>
/// A migrated database of its own on the test cluster, for tests that need exact cleanup counts or that
/// lock whole tables (the shared test database holds other tests' rows). Dropped on dispose.
/// </summary>
internal sealed class FreshDatabase : IAsyncDisposable
{
    private FreshDatabase(string name, NpgsqlDataSource runtime, NpgsqlDataSource owner)
    {
        Name = name;
        Runtime = runtime;
        Owner = owner;
    }

    public string Name { get; }

    /// <summary>The runtime role (no BYPASSRLS), as the function apps connect.</summary>
    public NpgsqlDataSource Runtime { get; }

    /// <summary>The schema owner, for arranging and inspecting rows of every tenant.</summary>
    public NpgsqlDataSource Owner { get; }

    public static async Task<FreshDatabase> CreateAsync()
    {
        var cluster = await TestDatabase.ClusterAsync();
        var name = await TestDatabase.CreateEmptyDatabaseAsync();
        await new Migrator(NullLogger<Migrator>.Instance).MigrateAsync(cluster.OwnerConnectionString(name), CancellationToken.None);
        return new FreshDatabase(name,
            NpgsqlDataSource.Create(cluster.RuntimeConnectionString(name)),
            NpgsqlDataSource.Create(cluster.OwnerConnectionString(name)));
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Owner.DisposeAsync();
        var cluster = await TestDatabase.ClusterAsync();
        // As the superuser: only it may end the runtime role's connections that are still closing.
        await using var conn = new NpgsqlConnection(cluster.SuperuserConnectionString());
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{Name}\" with (force)", conn);
        await drop.ExecuteNonQueryAsync();
    }
}
