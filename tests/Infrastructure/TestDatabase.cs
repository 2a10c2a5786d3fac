using Dapper;
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
    // Named, as the apps' are (DataSourceFactory.Name): the telemetry tests search every span in the process for connection strings.
    private static readonly Lazy<Task<NpgsqlDataSource>> Runtime = new(async () =>
        new NpgsqlDataSourceBuilder(await RuntimeConnectionStringAsync()) { Name = "tests-runtime" }.Build());
    private static readonly Lazy<Task<NpgsqlDataSource>> Owner = new(async () =>
        new NpgsqlDataSourceBuilder(await OwnerConnectionStringAsync()) { Name = "tests-owner" }.Build());

    static TestDatabase()
    {
        // Dapper's global settings, as the apps make them (EventWizardServices): a test that reads rows without a host
        // running maps them the same way. Set once, here, before any test can open a connection.
        SqlMapper.AddTypeHandler(new JsonElementHandler());
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public static async Task<LocalPostgresCluster> ClusterAsync() => await Cluster.Value;

    public static async Task<string> RuntimeConnectionStringAsync() => (await ClusterAsync()).RuntimeConnectionString();

    public static async Task<string> OwnerConnectionStringAsync() => (await ClusterAsync()).OwnerConnectionString();

    /// <summary>Pooled connections as the runtime role (no BYPASSRLS, owns nothing).</summary>
    public static async Task<NpgsqlDataSource> RuntimeAsync() => await Runtime.Value;

    /// <summary>Connections as the schema owner: for arranging and inspecting rows across tenants.</summary>
    public static async Task<NpgsqlDataSource> OwnerAsync() => await Owner.Value;

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
