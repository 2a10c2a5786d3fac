using Dapper;
using EventWizard.Shared.Data;
using EventWizard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventWizard.Tests.Data;

public sealed class MigratorTests
{
    private static readonly Migrator Migrator = new(NullLogger<Migrator>.Instance);

    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_a_second_run_changes_nothing()
    {
        var connectionString = await EmptyDatabaseAsync();

        var version = await Migrator.MigrateAsync(connectionString, CancellationToken.None);
        var firstRun = await AppliedAsync(connectionString);
        var again = await Migrator.MigrateAsync(connectionString, CancellationToken.None);
        var secondRun = await AppliedAsync(connectionString);

        Assert.Equal(Migrator.EmbeddedScripts().Max(s => s.Version), version);
        Assert.Equal(version, again);
        Assert.Equal(Migrator.EmbeddedScripts().Count, firstRun.Count);
        Assert.Equal(firstRun, secondRun);
    }

    [Fact]
    public async Task Concurrent_migrations_on_cold_start_apply_each_script_once()
    {
        var connectionString = await EmptyDatabaseAsync();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Migrator.MigrateAsync(connectionString, CancellationToken.None)));

        Assert.Equal(Migrator.EmbeddedScripts().Count, (await AppliedAsync(connectionString)).Count);
    }

    [Fact]
    public async Task A_script_changed_after_it_was_applied_is_refused_with_a_clear_message()
    {
        var connectionString = await EmptyDatabaseAsync();
        await Migrator.MigrateAsync(connectionString, CancellationToken.None);
        var scripts = Migrator.EmbeddedScripts().ToList();
        scripts[0] = Migration.From(scripts[0].Name, scripts[0].Sql + "\n-- edited after the fact\n");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Migrator.MigrateAsync(connectionString, scripts, CancellationToken.None));

        Assert.Contains(scripts[0].Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("new, higher-numbered script", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_scripts_with_the_same_number_are_refused_before_anything_is_applied()
    {
        var connectionString = await EmptyDatabaseAsync();
        var scripts = Migrator.EmbeddedScripts().ToList();
        scripts.Add(Migration.From("001_other.sql", "create table clash (id int);"));

        var error = await Assert.ThrowsAsync<MigrationException>(() => Migrator.MigrateAsync(connectionString, scripts, CancellationToken.None));

        Assert.Contains("share the number", error.Message, StringComparison.Ordinal);
        await using var conn = new NpgsqlConnection(connectionString);
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("select count(*) from pg_tables where schemaname = 'public'"));
    }

    [Fact]
    public void Script_numbers_run_from_1_without_gaps()
    {
        var versions = Migrator.EmbeddedScripts().Select(s => s.Version).ToList();

        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }

    [Fact]
    public async Task A_script_that_fails_is_named_and_nothing_of_it_is_applied_or_recorded()
    {
        var connectionString = await EmptyDatabaseAsync();
        var scripts = Migrator.EmbeddedScripts().ToList();
        var broken = Migration.From($"{scripts.Count + 1:000}_broken.sql", "create table half_done (id int);\nselect * from no_such_table;");
        scripts.Add(broken);

        var error = await Assert.ThrowsAsync<MigrationException>(() => Migrator.MigrateAsync(connectionString, scripts, CancellationToken.None));

        Assert.Contains($"sql/{broken.Name} failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        await using var conn = new NpgsqlConnection(connectionString);
        Assert.Null(await conn.ExecuteScalarAsync<string>("select to_regclass('half_done')::text"));
        Assert.Equal(scripts.Count - 1, (await AppliedAsync(connectionString)).Count);
    }

    [Fact]
    public async Task A_database_a_newer_build_migrated_is_left_alone_by_an_older_build()
    {
        var connectionString = await EmptyDatabaseAsync();
        var scripts = Migrator.EmbeddedScripts();
        await Migrator.MigrateAsync(connectionString, [.. scripts, Migration.From($"{scripts.Count + 1:000}_newer.sql", "create table newer (id int);")],
            CancellationToken.None);
        var record = await AppliedAsync(connectionString);

        var version = await Migrator.MigrateAsync(connectionString, scripts, CancellationToken.None);

        Assert.Equal(scripts.Count, version);
        Assert.Equal(record, await AppliedAsync(connectionString));
    }

    [Fact]
    public async Task A_script_renamed_after_it_was_applied_is_refused()
    {
        var connectionString = await EmptyDatabaseAsync();
        var scripts = Migrator.EmbeddedScripts().ToList();
        await Migrator.MigrateAsync(connectionString, scripts, CancellationToken.None);
        scripts[^1] = Migration.From(scripts[^1].Name.Replace(".sql", "_renamed.sql", StringComparison.Ordinal), scripts[^1].Sql);

        var error = await Assert.ThrowsAsync<MigrationException>(() => Migrator.MigrateAsync(connectionString, scripts, CancellationToken.None));

        Assert.Contains("migrated by scripts this build does not have", error.Message, StringComparison.Ordinal);
        Assert.Contains(scripts[^1].Name, error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> EmptyDatabaseAsync()
    {
        var cluster = await TestDatabase.ClusterAsync();
        return cluster.OwnerConnectionString(await TestDatabase.CreateEmptyDatabaseAsync());
    }

    private static async Task<List<(int Version, string Checksum, DateTime AppliedAt)>> AppliedAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        return [.. await conn.QueryAsync<(int, string, DateTime)>("select version, checksum, applied_at from schema_migrations order by version")];
    }
}
