using Azure.Core;
using Dapper;
using EventWizard.LocalPostgres;
using EventWizard.Migrate;
using EventWizard.Shared.Data;
using EventWizard.Tests.Infrastructure;
using Moq;
using Npgsql;

namespace EventWizard.Tests.Deployment;

/// <summary>
/// tools/Migrate run in-process through its entry class, against a fresh database of the real local PostgreSQL. Each
/// test has its own owner role with CREATEROLE and ADMIN on event_wizard_runtime, as the Entra administrator has in
/// Azure (docs/azure-deployment.md), and its own database owned by it.
/// </summary>
public sealed class MigrateCommandTests : IAsyncLifetime
{
    private const string OwnerPassword = "owner-password";
    private readonly string suffix = Guid.NewGuid().ToString("N")[..12];
    private LocalPostgresCluster cluster = null!;

    private string Owner => "migrate_owner_" + suffix;
    private string Database => "migrate_" + suffix;
    private string AppLogin => "migrate_app_" + suffix;

    public async Task InitializeAsync()
    {
        cluster = await TestDatabase.ClusterAsync();
        await SuperuserAsync("postgres",
            $"create role {Owner} login createrole nosuperuser nobypassrls password '{OwnerPassword}'",
            $"grant {LocalPostgresCluster.RuntimeGroupRole} to {Owner} with admin option",
            $"create database {Database} owner {Owner}");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Applies_every_migration_to_an_empty_database_and_a_second_run_changes_nothing()
    {
        var first = await RunAsync("--connection", OwnerConnection());
        var afterFirst = await RecordAsync();
        var second = await RunAsync("--connection", OwnerConnection());

        Assert.Equal(ExitCodes.Done, first.ExitCode);
        Assert.Equal(ExitCodes.Done, second.ExitCode);
        Assert.Equal(Migrator.EmbeddedScripts().Select(s => $"{s.Name} {s.Checksum}"), afterFirst.Select(r => $"{r.Name} {r.Checksum}"));
        Assert.Equal(afterFirst, await RecordAsync());
        Assert.Contains($"Schema is at version {Migrator.EmbeddedScripts().Max(s => s.Version)}.", second.Output, StringComparison.Ordinal);
        Assert.Equal(Owner, await OwnerOfAsync("wizard_sessions"));
    }

    [Fact]
    public async Task A_changed_script_is_refused_with_the_migrators_message_and_nothing_is_applied()
    {
        await RunAsync("--connection", OwnerConnection());
        // As if sql/001 had been edited after it was applied, and 002 had not run yet.
        await OwnerAsync(
            "update schema_migrations set checksum = 'applied-text' where version = 1",
            "delete from schema_migrations where version = 2",
            "drop index wizard_sessions_org_lapsed_idx");
        var before = await RecordAsync();

        var run = await RunAsync("--connection", OwnerConnection());

        Assert.Equal(ExitCodes.MigrationRefused, run.ExitCode);
        Assert.Contains("sql/001_baseline.sql was changed after it was applied", run.Error, StringComparison.Ordinal);
        Assert.Contains("new, higher-numbered script", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await RecordAsync());
        Assert.False(await OwnerScalarAsync<bool>("select to_regclass('wizard_sessions_org_lapsed_idx') is not null"));
    }

    [Fact]
    public async Task The_runtime_role_grant_lets_the_apps_login_read_and_write_rows_but_not_the_schema()
    {
        await SuperuserAsync("postgres", $"create role {AppLogin} login nosuperuser nobypassrls password 'app-password'");

        var run = await RunAsync("--connection", OwnerConnection(), "--grant-runtime-role", AppLogin);
        var again = await RunAsync("--connection", OwnerConnection(), "--grant-runtime-role", AppLogin);

        Assert.Equal(ExitCodes.Done, run.ExitCode);
        Assert.Equal(ExitCodes.Done, again.ExitCode);
        Assert.Contains($"\"{AppLogin}\" is a member of event_wizard_runtime.", again.Output, StringComparison.Ordinal);
        await using var app = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={cluster.Port};Username={AppLogin};Password=app-password;Database={Database};Pooling=false");
        await app.OpenAsync();
        Assert.Equal(Migrator.EmbeddedScripts().Count, await app.ExecuteScalarAsync<int>("select count(*) from schema_migrations"));
        var organization = Guid.NewGuid();
        await using (var tx = await app.BeginTransactionAsync())
        {
            await app.ExecuteAsync("select set_config('app.current_org', @Org, true)", new { Org = organization.ToString() }, tx);
            await app.ExecuteAsync(
                "insert into wizard_sessions (organization_id, session_id, user_id) values (@Org, 'session-0001', @User)",
                new { Org = organization, User = Guid.NewGuid() }, tx);
            Assert.Equal(1, await app.ExecuteScalarAsync<int>("select count(*) from wizard_sessions", transaction: tx));
            await tx.CommitAsync();
        }
        var denied = await Assert.ThrowsAsync<PostgresException>(() => app.ExecuteAsync("create table mine (id int)"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
        Assert.Equal(0, await app.ExecuteScalarAsync<int>("select count(*) from pg_class where relowner = current_user::regrole"));
    }

    [Fact]
    public async Task The_grant_is_refused_for_a_login_that_owns_tables()
    {
        await RunAsync("--connection", OwnerConnection());
        await SuperuserAsync("postgres", $"create role {AppLogin} login nosuperuser nobypassrls");
        await SuperuserAsync(Database, "create table owned_by_the_app (id int)", $"alter table owned_by_the_app owner to {AppLogin}");

        var run = await RunAsync("--connection", OwnerConnection(), "--grant-runtime-role", AppLogin);

        Assert.Equal(ExitCodes.GrantRefused, run.ExitCode);
        Assert.Contains($"Role \"{AppLogin}\" owns owned_by_the_app in this database", run.Error, StringComparison.Ordinal);
        Assert.False(await OwnerScalarAsync<bool>($"select pg_has_role('{AppLogin}', 'event_wizard_runtime', 'member')"));
    }

    [Fact]
    public async Task With_entra_the_password_is_an_Entra_ID_token_for_PostgreSQL()
    {
        await SuperuserAsync("postgres", $"alter role {Owner} password 'entra-token'");
        var credential = new Mock<TokenCredential>();
        credential.Setup(c => c.GetTokenAsync(It.Is<TokenRequestContext>(r => r.Scopes.SequenceEqual(new[] { DataSourceFactory.EntraScope })),
                It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccessToken("entra-token", DateTimeOffset.UtcNow.AddHours(1)));
        var connection = $"Host=127.0.0.1;Port={cluster.Port};Username={Owner};Database={Database}";

        var run = await RunAsync(credential.Object, "--connection", connection, "--entra");

        Assert.Equal(ExitCodes.Done, run.ExitCode);
        Assert.Equal(Migrator.EmbeddedScripts().Count, (await RecordAsync("entra-token")).Count);
    }

    [Fact]
    public async Task With_an_entra_principal_id_the_apps_login_is_created_through_pgaadauth_and_then_granted()
    {
        // Azure's function, as far as this command relies on it: it creates a login role for the principal.
        await SuperuserAsync("postgres", """
            create or replace function pgaadauth_create_principal_with_oid(role_name text, object_id text, object_type text, is_admin boolean, is_mfa boolean)
            returns text language plpgsql security definer as $$
            begin
                execute format('create role %I login nosuperuser nobypassrls', role_name);
                return 'Created role for ' || role_name || ' ' || object_id || ' ' || object_type;
            end $$
            """);
        var objectId = Guid.NewGuid().ToString();

        var run = await RunAsync("--connection", OwnerConnection(), "--grant-runtime-role", AppLogin, "--entra-principal-id", objectId);
        var again = await RunAsync("--connection", OwnerConnection(), "--grant-runtime-role", AppLogin, "--entra-principal-id", objectId);

        Assert.Equal(ExitCodes.Done, run.ExitCode);
        Assert.Contains($"Created role \"{AppLogin}\" for the Entra principal {objectId}.", run.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Done, again.ExitCode);
        Assert.DoesNotContain("Created role", again.Output, StringComparison.Ordinal);
        Assert.True(await OwnerScalarAsync<bool>($"select pg_has_role('{AppLogin}', 'event_wizard_runtime', 'member')"));
    }

    [Fact]
    public async Task Wrong_arguments_and_an_unreachable_server_exit_with_their_own_codes_and_say_what_to_do()
    {
        var missing = await RunAsync("--entra");
        var unknown = await RunAsync("--connection", OwnerConnection(), "--verbose");
        var unreachable = await RunAsync("--connection", $"Host=127.0.0.1;Port={LocalPostgresCluster.FreeLoopbackPort()};Username=x;Password=y;Database=z;Timeout=3");
        var wrongPassword = await RunAsync("--connection", OwnerConnection().Replace(OwnerPassword, "wrong", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("--connection is required", missing.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("--verbose is not an option", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.CannotConnect, unreachable.ExitCode);
        Assert.Equal(ExitCodes.CannotConnect, wrongPassword.ExitCode);
        Assert.Contains("Cannot connect to PostgreSQL as the owner", wrongPassword.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", wrongPassword.Error, StringComparison.Ordinal);
    }

    private sealed record CommandRun(int ExitCode, string Output, string Error);

    private sealed record RecordedScript(int Version, string Name, string Checksum, DateTime AppliedAt);

    private Task<CommandRun> RunAsync(params string[] args) =>
        RunAsync(new Mock<TokenCredential>(MockBehavior.Strict).Object, args);

    private static async Task<CommandRun> RunAsync(TokenCredential credential, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MigrateCommand.RunAsync(args, output, error, () => credential, CancellationToken.None);
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }

    private string OwnerConnection(string password = OwnerPassword) =>
        $"Host=127.0.0.1;Port={cluster.Port};Username={Owner};Password={password};Database={Database};Pooling=false";

    private async Task<List<RecordedScript>> RecordAsync(string password = OwnerPassword)
    {
        await using var conn = new NpgsqlConnection(OwnerConnection(password));
        return [.. await conn.QueryAsync<RecordedScript>("select version, name, checksum, applied_at from schema_migrations order by version")];
    }

    private async Task<string> OwnerOfAsync(string table) =>
        await OwnerScalarAsync<string>($"select relowner::regrole::text from pg_class where oid = 'public.{table}'::regclass");

    private async Task<T> OwnerScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(OwnerConnection());
        return (await conn.ExecuteScalarAsync<T>(sql))!;
    }

    private async Task OwnerAsync(params string[] statements)
    {
        await using var conn = new NpgsqlConnection(OwnerConnection());
        foreach (var sql in statements)
        {
            await conn.ExecuteAsync(sql);
        }
    }

    private async Task SuperuserAsync(string database, params string[] statements)
    {
        await using var conn = new NpgsqlConnection(cluster.SuperuserConnectionString(database));
        foreach (var sql in statements)
        {
            await conn.ExecuteAsync(sql);
        }
    }
}
