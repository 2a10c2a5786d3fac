using System.Data;
using Dapper;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>
/// Runs SQL as a tenant. The tenant is set with transaction-local <c>set_config</c> as the first
/// statement of the same transaction, so it can never leak to the next user of a pooled connection.
/// </summary>
public sealed class TenantDb(NpgsqlDataSource dataSource)
{
    internal const string SetTenantSql =
        "select set_config('app.current_org', @TenantOrganizationId::text, true), set_config('app.current_user', @TenantUserId::text, true);";

    /// <summary>
    /// One round trip: the tenant setting and <paramref name="sql"/> go in one batch, which PostgreSQL
    /// runs as one implicit transaction. Returns the first row of <paramref name="sql"/>, or default.
    /// </summary>
    public Task<T?> QuerySingleOrDefaultAsync<T>(Caller caller, string sql, object? param, CancellationToken ct) =>
        QueryBatchAsync(caller, sql, param, grid => grid.ReadFirstOrDefaultAsync<T>(), ct);

    /// <summary>One round trip, as <see cref="QuerySingleOrDefaultAsync{T}"/>, returning every row.</summary>
    public Task<IReadOnlyList<T>> QueryAsync<T>(Caller caller, string sql, object? param, CancellationToken ct) =>
        QueryBatchAsync<IReadOnlyList<T>>(caller, sql, param, async grid => [.. await grid.ReadAsync<T>()], ct);

    /// <summary>Several statements in one round trip, as <see cref="QuerySingleOrDefaultAsync{T}"/>; <paramref name="read"/> takes their results in order.</summary>
    public Task<T> QueryMultipleAsync<T>(Caller caller, string sql, object? param, Func<SqlMapper.GridReader, Task<T>> read,
        CancellationToken ct) =>
        QueryBatchAsync(caller, sql, param, read, ct);

    /// <summary>
    /// Opens a connection and an explicit transaction for the tenant; the tenant setting goes with the
    /// transaction's first statement (<see cref="TenantTransaction"/>).
    /// </summary>
    public async Task<TenantTransaction> BeginAsync(Caller caller, CancellationToken ct,
        IsolationLevel isolation = IsolationLevel.ReadCommitted)
    {
        var conn = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var tx = await conn.BeginTransactionAsync(isolation, ct);
            return new TenantTransaction(conn, tx, caller);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    private async Task<T> QueryBatchAsync<T>(Caller caller, string sql, object? param, Func<SqlMapper.GridReader, Task<T>> read,
        CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var grid = await conn.QueryMultipleAsync(WithTenant(caller, sql, param, null, ct));
        await grid.ReadAsync();
        return await read(grid);
    }

    /// <summary>
    /// <paramref name="sql"/> preceded by the tenant setting, in one command. Its first result is the setting's
    /// row; the rows-affected count of an execute is <paramref name="sql"/>'s alone (Npgsql does not count SELECTs).
    /// </summary>
    internal static CommandDefinition WithTenant(Caller caller, string sql, object? param, NpgsqlTransaction? transaction,
        CancellationToken ct) =>
        new(SetTenantSql + "\n" + sql,
            new SqlParameters().Add("TenantOrganizationId", caller.OrganizationId).Add("TenantUserId", caller.UserId).AddAll(param),
            transaction, cancellationToken: ct);
}
