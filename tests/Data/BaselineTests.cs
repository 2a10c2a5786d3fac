using System.Diagnostics;
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
/// sql/001_baseline.sql squashed the scripts 001 to 009 before anything was deployed: it builds the schema they
/// built, runs with plain psql, and a database they migrated is taken over (complete, or without 009: brought
/// forward) or refused with what to do (an older or edited chain).
/// </summary>
public sealed class BaselineTests
{
    private static readonly Migrator Migrator = new(NullLogger<Migrator>.Instance);

    private static Migration Baseline => Migrator.EmbeddedScripts().Single(s => s.Version == 1);

    [Fact]
    public void The_old_scripts_kept_as_test_data_are_the_chain_the_migrator_takes_over()
    {
        Assert.Equal(SquashedScripts.Chain, OldScripts.All.Select(s => new AppliedScript(s.Version, s.Name, s.Checksum)));
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
    public async Task A_database_the_old_scripts_migrated_is_taken_over_as_it_is_with_its_rows()
    {
        var cluster = await TestDatabase.ClusterAsync();
        var database = await TestDatabase.CreateEmptyDatabaseAsync();
        var owner = cluster.OwnerConnectionString(database);
        await OldScripts.MigrateAsync(owner);
        await AddSessionAsync(owner, "kept-across-the-take-over");
        var schema = await SchemaDump.ReadAsync(cluster, database);

        var version = await Migrator.MigrateAsync(owner, [Baseline], CancellationToken.None);
        var record = await RecordAsync(owner);
        await Migrator.MigrateAsync(owner, [Baseline], CancellationToken.None);

        Assert.Equal(Baseline.Version, version);
        Assert.Equal([(Baseline.Version, Baseline.Name, Baseline.Checksum)], record);
        Assert.Equal(record, await RecordAsync(owner));
        AssertSameSchema(schema, await SchemaDump.ReadAsync(cluster, database));
        Assert.Equal(["kept-across-the-take-over"], await SessionIdsAsync(owner));
        Assert.Equal(Migrator.EmbeddedScripts().Max(s => s.Version), await Migrator.MigrateAsync(owner, CancellationToken.None));
    }

    [Fact]
    public async Task A_database_the_old_scripts_migrated_up_to_008_is_brought_forward_to_the_baseline()
    {
        var cluster = await TestDatabase.ClusterAsync();
        var database = await TestDatabase.CreateEmptyDatabaseAsync();
        var baseline = await TestDatabase.CreateEmptyDatabaseAsync();
        var owner = cluster.OwnerConnectionString(database);
        await OldScripts.MigrateAsync(owner, through: 8);
        await AddSessionAsync(owner, "kept-across-the-009-step");

        await Migrator.MigrateAsync(owner, [Baseline], CancellationToken.None);
        await Migrator.MigrateAsync(cluster.OwnerConnectionString(baseline), [Baseline], CancellationToken.None);

        Assert.Equal([(Baseline.Version, Baseline.Name, Baseline.Checksum)], await RecordAsync(owner));
        AssertSameSchema(await SchemaDump.ReadAsync(cluster, baseline), await SchemaDump.ReadAsync(cluster, database));
        Assert.Equal(["kept-across-the-009-step"], await SessionIdsAsync(owner));
    }

    [Theory]
    [InlineData(4, null)]
    [InlineData(9, 7)]
    public async Task An_older_or_edited_chain_of_the_old_scripts_is_refused_with_what_to_do_and_left_as_it_was(int through, int? edited)
    {
        var cluster = await TestDatabase.ClusterAsync();
        var database = await TestDatabase.CreateEmptyDatabaseAsync();
        var owner = cluster.OwnerConnectionString(database);
        await OldScripts.MigrateAsync(owner, through);
        if (edited is not null)
        {
            await using var conn = new NpgsqlConnection(owner);
            await conn.ExecuteAsync("update schema_migrations set checksum = md5(checksum) where version = @edited", new { edited });
        }
        var record = await RecordAsync(owner);
        var schema = await SchemaDump.ReadAsync(cluster, database);

        var error = await Assert.ThrowsAsync<MigrationException>(() => Migrator.MigrateAsync(owner, CancellationToken.None));

        Assert.Contains($"recorded: {string.Join(", ", OldScripts.All.Where(s => s.Version <= through).Select(s => s.Name))};",
            error.Message, StringComparison.Ordinal);
        Assert.Contains("holds an older or edited set", error.Message, StringComparison.Ordinal);
        Assert.Contains($"drop database \"{database}\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(record, await RecordAsync(owner));
        AssertSameSchema(schema, await SchemaDump.ReadAsync(cluster, database));
    }

    [Fact]
    public async Task The_DevHost_on_a_cluster_it_cannot_migrate_stops_and_names_the_folder_to_delete()
    {
        var port = LocalPostgresCluster.FreeLoopbackPort();
        string folder;
        await using (var cluster = await LocalPostgresCluster.StartPersistentAsync(port, CancellationToken.None))
        {
            folder = cluster.Root;
            // Unpooled: a pooled connection would outlive this server, and the DevHost's migrator would be handed it.
            await OldScripts.MigrateAsync(cluster.OwnerConnectionString() + ";Pooling=false", through: 4);
        }
        try
        {
            var settings = TestHost.Settings(runtimeConnectionString: "", ownerConnectionString: "");
            settings["DevHost:PostgresPort"] = $"{port}";

            var error = await Assert.ThrowsAsync<MigrationException>(() => DevHostApp.StartAsync([], settings, CancellationToken.None));

            Assert.Contains("004_cleanup.sql", error.Message, StringComparison.Ordinal);
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

    private static async Task AddSessionAsync(string ownerConnectionString, string sessionId)
    {
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.ExecuteAsync("insert into wizard_sessions (organization_id, session_id, user_id) values (gen_random_uuid(), @sessionId, gen_random_uuid())",
            new { sessionId });
    }

    private static async Task<List<string>> SessionIdsAsync(string ownerConnectionString)
    {
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        return [.. await conn.QueryAsync<string>("select session_id from wizard_sessions")];
    }
}
