using Dapper;
using EventWizard.LocalPostgres;
using EventWizard.Shared.Data;
using EventWizard.Tests.Infrastructure;
using Npgsql;

namespace EventWizard.Tests.Data;

/// <summary>
/// Tenancy as the database enforces it: the runtime role, whatever SQL it runs, sees and changes only the
/// rows of the organization set in its transaction, and nothing when none is set.
/// </summary>
public sealed class RowLevelSecurityTests
{
    public static TheoryData<string> Tables => [.. TenantRows.Tables];
    public static TheoryData<string> ChangeableTables => [.. TenantRows.ChangeableTables];
    public static TheoryData<string> AppendOnlyTables => [.. TenantRows.AppendOnlyTables];

    [Fact]
    public async Task Without_a_tenant_the_runtime_role_reads_no_row_of_any_table()
    {
        var org = Guid.NewGuid();
        await TenantRows.InsertAllAsync(org);
        var runtime = await TestDatabase.RuntimeAsync();
        await using var conn = await runtime.OpenConnectionAsync();

        foreach (var table in TenantRows.Tables)
        {
            Assert.Equal(1, await TenantRows.CountAsOwnerAsync(table, org));
            Assert.Equal(0, await conn.ExecuteScalarAsync<long>($"select count(*) from {table}"));
        }
    }

    [Fact]
    public async Task With_tenant_A_set_by_TenantDb_only_As_rows_are_visible()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await TenantRows.InsertAllAsync(a);
        await TenantRows.InsertAllAsync(b);
        var db = new TenantDb(await TestDatabase.RuntimeAsync());

        foreach (var table in TenantRows.Tables)
        {
            var seen = await db.QueryAsync<Guid>(new Caller(a, Guid.NewGuid()), $"select organization_id from {table}", null, default);
            var count = await db.QuerySingleOrDefaultAsync<long>(new Caller(a, Guid.NewGuid()), $"select count(*) from {table}", null, default);

            Assert.Equal(new[] { a }, seen);
            Assert.Equal(1, count);
        }
    }

    [Fact]
    public async Task With_tenant_A_set_by_a_TenantTransaction_only_As_rows_are_visible()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await TenantRows.InsertAllAsync(a);
        await TenantRows.InsertAllAsync(b);
        var db = new TenantDb(await TestDatabase.RuntimeAsync());

        await using var tx = await db.BeginAsync(new Caller(a, Guid.NewGuid()), default);
        foreach (var table in TenantRows.Tables)
        {
            var seen = await tx.QueryAsync<Guid>($"select organization_id from {table}", null, default);
            Assert.Equal(new[] { a }, seen);
        }
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task Inserting_a_row_for_another_organization_is_refused(string table)
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await TenantRows.InsertAllAsync(b);
        var db = new TenantDb(await TestDatabase.RuntimeAsync());

        await using (var tx = await db.BeginAsync(new Caller(a, Guid.NewGuid()), default))
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() =>
                tx.ExecuteAsync(TenantRows.InsertSql(table), new { org = b, user = Guid.NewGuid() }, default));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
            Assert.Contains("row-level security", error.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(1, await TenantRows.CountAsOwnerAsync(table, b));
        Assert.Equal(0, await TenantRows.CountAsOwnerAsync(table, a));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task Inserting_a_row_for_another_organization_in_a_TenantDb_batch_is_refused(string table)
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await TenantRows.InsertAllAsync(b);
        var db = new TenantDb(await TestDatabase.RuntimeAsync());

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            db.QuerySingleOrDefaultAsync<int>(new Caller(a, Guid.NewGuid()), TenantRows.InsertSql(table) + " returning 1",
                new { org = b, user = Guid.NewGuid() }, default));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Equal(1, await TenantRows.CountAsOwnerAsync(table, b));
    }

    [Theory]
    [MemberData(nameof(ChangeableTables))]
    public async Task Updating_or_deleting_another_organizations_rows_affects_no_row(string table)
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await TenantRows.InsertAllAsync(a);
        await TenantRows.InsertAllAsync(b);
        var db = new TenantDb(await TestDatabase.RuntimeAsync());

        int updated, deleted;
        await using (var tx = await db.BeginAsync(new Caller(a, Guid.NewGuid()), default))
        {
            updated = await tx.ExecuteAsync(TenantRows.UpdateSql(table), new { org = b }, default);
            deleted = await tx.ExecuteAsync($"delete from {table} where organization_id = @org", new { org = b }, default);
            await tx.CommitAsync(default);
        }
        var deletedWithoutWhere = await db.QuerySingleOrDefaultAsync<long>(new Caller(a, Guid.NewGuid()),
            $"with gone as (delete from {table} returning organization_id) select count(*) from gone where organization_id <> @a",
            new { a }, default);

        Assert.Equal(0, updated);
        Assert.Equal(0, deleted);
        Assert.Equal(0, deletedWithoutWhere);
        Assert.Equal(1, await TenantRows.CountAsOwnerAsync(table, b));
        Assert.Equal(0, await TenantRows.CountAsOwnerAsync(table, a));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task Moving_an_own_row_to_another_organization_is_refused(string table)
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await TenantRows.InsertAllAsync(a);
        var db = new TenantDb(await TestDatabase.RuntimeAsync());

        await using var tx = await db.BeginAsync(new Caller(a, Guid.NewGuid()), default);
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            tx.ExecuteAsync($"update {table} set organization_id = @b where organization_id = @a", new { a, b }, default));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Theory]
    [MemberData(nameof(AppendOnlyTables))]
    public async Task An_append_only_table_refuses_the_runtime_role_an_update_or_delete_even_of_its_own_rows(string table)
    {
        var a = Guid.NewGuid();
        await TenantRows.InsertAllAsync(a);
        var db = new TenantDb(await TestDatabase.RuntimeAsync());
        var caller = new Caller(a, Guid.NewGuid());

        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            db.QueryAsync<int>(caller, $"update {table} set organization_id = organization_id where organization_id = @a returning 1", new { a }, default));
        var delete = await Assert.ThrowsAsync<PostgresException>(() =>
            db.QueryAsync<int>(caller, $"delete from {table} where organization_id = @a returning 1", new { a }, default));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, update.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, delete.SqlState);
        Assert.Equal(1, await TenantRows.CountAsOwnerAsync(table, a));
    }

    [Fact]
    public async Task The_runtime_roles_own_no_table_and_cannot_bypass_row_level_security()
    {
        var runtime = await TestDatabase.RuntimeAsync();
        await using var conn = await runtime.OpenConnectionAsync();
        string[] roles = [LocalPostgresCluster.RuntimeLoginRole, LocalPostgresCluster.RuntimeGroupRole];

        var currentUser = await conn.ExecuteScalarAsync<string>("select current_user");
        var attributes = (await conn.QueryAsync<(string Name, bool Super, bool BypassRls)>(
            "select rolname, rolsuper, rolbypassrls from pg_roles where rolname = any(@roles) order by rolname", new { roles })).ToList();
        var ownedRelations = await conn.ExecuteScalarAsync<long>(
            "select count(*) from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = any(@roles)", new { roles });
        var ownedTables = await conn.ExecuteScalarAsync<long>("select count(*) from pg_tables where tableowner = any(@roles)", new { roles });
        var memberOfAnyPrivilegedRole = await conn.ExecuteScalarAsync<long>("""
            select count(*) from pg_roles r
            where (r.rolsuper or r.rolbypassrls or r.rolname = @owner or exists (
                       select from pg_class c where c.relowner = r.oid and c.relnamespace = 'public'::regnamespace))
              and pg_has_role(current_user, r.oid, 'MEMBER')
            """, new { owner = LocalPostgresCluster.OwnerRole });

        Assert.Equal(LocalPostgresCluster.RuntimeLoginRole, currentUser);
        Assert.Equal(2, attributes.Count);
        Assert.All(attributes, role => Assert.False(role.Super, $"{role.Name} is a superuser"));
        Assert.All(attributes, role => Assert.False(role.BypassRls, $"{role.Name} has BYPASSRLS"));
        Assert.Equal(0, ownedRelations);
        Assert.Equal(0, ownedTables);
        Assert.Equal(0, memberOfAnyPrivilegedRole);
    }

    [Fact]
    public async Task Every_table_with_an_organization_id_has_row_level_security_enabled_and_forced()
    {
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();

        var tables = (await conn.QueryAsync<(string Name, bool Enabled, bool Forced)>("""
            select c.relname, c.relrowsecurity, c.relforcerowsecurity
            from pg_class c
            where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
              and exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped)
            order by c.relname
            """)).ToList();

        Assert.Superset(TenantRows.Tables.ToHashSet(), tables.Select(t => t.Name).ToHashSet());
        Assert.All(tables, table => Assert.True(table.Enabled, $"{table.Name} does not have row level security enabled"));
        Assert.All(tables, table => Assert.True(table.Forced, $"{table.Name} does not force row level security"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_tenant_set_in_one_transaction_is_gone_in_the_next_transaction_on_the_same_pooled_connection(bool commit)
    {
        var a = Guid.NewGuid();
        await TenantRows.InsertAllAsync(a);
        await using var pool = await SingleConnectionPoolAsync();
        var db = new TenantDb(pool);

        int firstPid;
        await using (var tx = await db.BeginAsync(new Caller(a, Guid.NewGuid()), default))
        {
            var (setting, pid) = await tx.QuerySingleAsync<(string?, int)>(
                "select current_setting('app.current_org', true), pg_backend_pid()", null, default);
            Assert.Equal(a.ToString(), setting);
            firstPid = pid;
            if (commit)
            {
                await tx.CommitAsync(default);
            }
        }
        await using var next = await pool.OpenConnectionAsync();
        await using var nextTx = await next.BeginTransactionAsync();
        var (after, nextPid) = await next.QuerySingleAsync<(string?, int)>(
            "select current_setting('app.current_org', true), pg_backend_pid()", transaction: nextTx);
        var visible = await next.ExecuteScalarAsync<long>("select count(*) from wizard_sessions", transaction: nextTx);

        Assert.Equal(firstPid, nextPid);
        Assert.True(string.IsNullOrEmpty(after), $"app.current_org leaked into the next transaction: '{after}'");
        Assert.Equal(0, visible);
    }

    [Fact]
    public async Task A_TenantDb_batch_sets_the_tenant_for_its_statement_and_not_beyond_it()
    {
        var a = Guid.NewGuid();
        await TenantRows.InsertAllAsync(a);
        await using var pool = await SingleConnectionPoolAsync();
        var db = new TenantDb(pool);
        var caller = new Caller(a, Guid.NewGuid());
        const string probe = "select current_setting('app.current_org', true) as org, current_setting('app.current_user', true) as usr, pg_backend_pid() as pid, (select count(*) from wizard_sessions) as sessions";

        var single = await db.QuerySingleOrDefaultAsync<(string? Org, string? User, int Pid, long Sessions)>(caller, probe, null, default);
        var many = await db.QueryAsync<(string? Org, string? User, int Pid, long Sessions)>(caller, probe, null, default);
        await using var next = await pool.OpenConnectionAsync();
        var after = await next.QuerySingleAsync<(string? Org, string? User, int Pid, long Sessions)>(probe);

        Assert.Equal((a.ToString(), caller.UserId.ToString(), 1L), (single.Org, single.User, single.Sessions));
        Assert.Equal((a.ToString(), caller.UserId.ToString(), 1L), (many.Single().Org, many.Single().User, many.Single().Sessions));
        Assert.Equal(single.Pid, after.Pid);
        Assert.True(string.IsNullOrEmpty(after.Org), $"app.current_org outlived the batch: '{after.Org}'");
        Assert.True(string.IsNullOrEmpty(after.User), $"app.current_user outlived the batch: '{after.User}'");
        Assert.Equal(0, after.Sessions);
    }

    [Fact]
    public async Task A_transaction_local_setting_sent_as_its_own_command_does_not_reach_the_next_command()
    {
        // The control for the batch test above: outside a batch, each command is its own transaction.
        var a = Guid.NewGuid();
        await using var pool = await SingleConnectionPoolAsync();
        await using var conn = await pool.OpenConnectionAsync();

        await conn.ExecuteAsync("select set_config('app.current_org', @org::text, true)", new { org = a });
        var after = await conn.ExecuteScalarAsync<string?>("select current_setting('app.current_org', true)");

        Assert.True(string.IsNullOrEmpty(after));
    }

    /// <summary>
    /// One physical connection, and no DISCARD ALL when it goes back to the pool: what clears the tenant
    /// must be the transaction ending, not Npgsql's reset.
    /// </summary>
    private static async Task<NpgsqlDataSource> SingleConnectionPoolAsync() =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(await TestDatabase.RuntimeConnectionStringAsync())
        {
            MaxPoolSize = 1,
            NoResetOnClose = true,
        }.ConnectionString);
}
