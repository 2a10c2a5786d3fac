using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dapper;
using EventWizard.DevHost;
using EventWizard.LocalPostgres;
using EventWizard.Shared.Data;
using EventWizard.Tests.Hosting;
using EventWizard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventWizard.Tests.Data;

/// <summary>
/// sql/001_baseline.sql squashed the scripts 001 to 008 before anything was deployed: it builds the schema they
/// built, runs with plain psql, and a database the old scripts migrated is refused with what to do.
/// </summary>
public sealed class BaselineTests
{
    private static readonly Migrator Migrator = new(NullLogger<Migrator>.Instance);

    private static Migration Baseline => Migrator.EmbeddedScripts().Single(s => s.Version == 1);

    [Fact]
    public void The_old_scripts_kept_as_test_data_are_the_ones_developers_databases_recorded()
    {
        // The checksums main's migrator recorded for the last text of each script (git show 192e571:sql/...).
        Dictionary<string, string> recorded = new()
        {
            ["001_schema.sql"] = "d8c46349987630a7bdd6154b4cc09d639416f71cef0095d827d4bd81c0966834",
            ["003_publish.sql"] = "c0bd60e0a52283c629be2828541e9440fe4d3658a2bad4764f10c37431ff5d78",
            ["004_cleanup.sql"] = "cc13d57234b7b5129cdd5a3c79ab633d19e477fcae9616b8abcbfc1fb5bc7725",
            ["006_slug_no_trailing_dash.sql"] = "a7d963014345f7d12708dcc081e426f37839db8212e52cd5d34edea749fa3204",
            ["007_event_slug.sql"] = "6813b382e768aa0fdb9fa04b974f279602837e6db71dadc1035771289777c76d",
            ["008_browser_contract.sql"] = "ede9991e07b92d261382bcca0cff2b672899771baff9928f847a17cf014e8b05",
        };

        Assert.Equal(recorded, OldScripts.All.ToDictionary(s => s.Name, s => s.Checksum));
    }

    [Fact]
    public async Task The_baseline_builds_the_schema_the_old_scripts_built()
    {
        var cluster = await TestDatabase.ClusterAsync();
        var old = await TestDatabase.CreateEmptyDatabaseAsync();
        var baseline = await TestDatabase.CreateEmptyDatabaseAsync();

        await OldScripts.MigrateAsync(cluster.OwnerConnectionString(old));
        await Migrator.MigrateAsync(cluster.OwnerConnectionString(baseline), [Baseline], CancellationToken.None);

        AssertSameSchema(await SchemaDump.ReadAsync(cluster, old), await SchemaDump.ReadAsync(cluster, baseline));
    }

    [Fact]
    public async Task The_baseline_runs_with_plain_psql_as_the_owner_and_builds_what_the_migrator_builds()
    {
        var cluster = await TestDatabase.ClusterAsync();
        var byPsql = await TestDatabase.CreateEmptyDatabaseAsync();
        var byMigrator = await TestDatabase.CreateEmptyDatabaseAsync();
        var script = Path.Combine(Path.GetTempPath(), $"event-wizard-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, Baseline.Sql);

        try
        {
            var owner = new NpgsqlConnectionStringBuilder(cluster.OwnerConnectionString(byPsql));
            var psql = new ProcessStartInfo(cluster.ProgramPath("psql"))
            {
                ArgumentList = { "-X", "-1", "-v", "ON_ERROR_STOP=1", "-h", owner.Host!, "-p", $"{owner.Port}", "-U", owner.Username!, "-d", byPsql, "-f", script },
                Environment = { ["PGPASSWORD"] = owner.Password },
            };
            var (exitCode, _, error) = await ChildProcess.RunAsync(psql, TimeSpan.FromMinutes(1));
            Assert.True(exitCode == 0, $"psql -f sql/001_baseline.sql failed ({exitCode}): {error}");
        }
        finally
        {
            File.Delete(script);
        }
        await Migrator.MigrateAsync(cluster.OwnerConnectionString(byMigrator), [Baseline], CancellationToken.None);

        AssertSameSchema(await SchemaDump.ReadAsync(cluster, byMigrator), await SchemaDump.ReadAsync(cluster, byPsql));
    }

    [Fact]
    public async Task A_database_the_old_scripts_migrated_is_refused_with_what_to_do_and_left_as_it_was()
    {
        var cluster = await TestDatabase.ClusterAsync();
        var database = await TestDatabase.CreateEmptyDatabaseAsync();
        await OldScripts.MigrateAsync(cluster.OwnerConnectionString(database));
        var before = await RecordAsync(cluster.OwnerConnectionString(database));

        var error = await Assert.ThrowsAsync<MigrationException>(() => Migrator.MigrateAsync(cluster.OwnerConnectionString(database), CancellationToken.None));

        Assert.Contains("001_schema.sql, 003_publish.sql, 004_cleanup.sql, 006_slug_no_trailing_dash.sql, 007_event_slug.sql, 008_browser_contract.sql",
            error.Message, StringComparison.Ordinal);
        Assert.Contains("001_baseline.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains($"drop database \"{database}\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await RecordAsync(cluster.OwnerConnectionString(database)));
    }

    [Fact]
    public async Task The_DevHost_on_a_cluster_the_old_scripts_migrated_stops_and_names_the_folder_to_delete()
    {
        var port = FreeTcpPort();
        string folder;
        await using (var cluster = await LocalPostgresCluster.StartPersistentAsync(port, CancellationToken.None))
        {
            folder = cluster.Root;
            await OldScripts.MigrateAsync(cluster.OwnerConnectionString());
        }
        try
        {
            var settings = TestHost.Settings(runtimeConnectionString: "", ownerConnectionString: "");
            settings["DevHost:PostgresPort"] = $"{port}";

            var error = await Assert.ThrowsAsync<MigrationException>(() => DevHostApp.StartAsync([], settings, CancellationToken.None));

            Assert.Contains("001_schema.sql", error.Message, StringComparison.Ordinal);
            Assert.Contains($"delete {folder} (rm -rf) and start the DevHost again", error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "data", "postmaster.pid")), "the DevHost left its PostgreSQL running");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertSameSchema(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var firstDifference = Enumerable.Range(0, Math.Max(expectedLines.Length, actualLines.Length))
            .FirstOrDefault(i => i >= expectedLines.Length || i >= actualLines.Length || expectedLines[i] != actualLines[i], -1);
        Assert.True(firstDifference < 0,
            $"The schemas differ from line {firstDifference + 1} of pg_dump:\n" +
            $"expected: {string.Join('\n', expectedLines.Skip(firstDifference).Take(8))}\n" +
            $"actual:   {string.Join('\n', actualLines.Skip(firstDifference).Take(8))}");
    }

    private static async Task<List<(int Version, string Name, string Checksum)>> RecordAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        return [.. await conn.QueryAsync<(int, string, string)>("select version, name, checksum from schema_migrations order by version")];
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
