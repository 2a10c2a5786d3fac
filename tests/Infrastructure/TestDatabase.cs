using EventWizard.LocalPostgres;
using EventWizard.Shared.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventWizard.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL for the whole test run: a throw-away local cluster (started here, stopped when the
/// run ends), migrated with the production scripts. Tests isolate themselves by organization id.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<LocalPostgresCluster>> Cluster = new(StartAsync);
    private static NpgsqlDataSource? runtime;
    private static NpgsqlDataSource? owner;

    public static async Task<LocalPostgresCluster> ClusterAsync() => await Cluster.Value;

    public static async Task<string> RuntimeConnectionStringAsync() => (await ClusterAsync()).RuntimeConnectionString();

    public static async Task<string> OwnerConnectionStringAsync() => (await ClusterAsync()).OwnerConnectionString();

    /// <summary>Pooled connections as the runtime role (no BYPASSRLS, owns nothing).</summary>
    public static async Task<NpgsqlDataSource> RuntimeAsync()
    {
        var cluster = await ClusterAsync();
        return runtime ??= NpgsqlDataSource.Create(cluster.RuntimeConnectionString());
    }

    /// <summary>Connections as the schema owner: for arranging and inspecting rows across tenants.</summary>
    public static async Task<NpgsqlDataSource> OwnerAsync()
    {
        var cluster = await ClusterAsync();
        return owner ??= NpgsqlDataSource.Create(cluster.OwnerConnectionString());
    }

    /// <summary>A new empty database owned by the owner role, not migrated.</summary>
    public static async Task<string> CreateEmptyDatabaseAsync()
    {
        var cluster = await ClusterAsync();
        var name = "t_" + Guid.NewGuid().ToString("N")[..12];
        await cluster.CreateDatabaseAsync(name, CancellationToken.None);
        return name;
    }

    private static async Task<LocalPostgresCluster> StartAsync()
    {
        var cluster = await LocalPostgresCluster.StartTemporaryAsync(CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        await new Migrator(NullLogger<Migrator>.Instance).MigrateAsync(cluster.OwnerConnectionString(), CancellationToken.None);
        return cluster;
    }
}
