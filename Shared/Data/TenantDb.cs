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
        "select set_config('app.current_org', @tenant_org::text, true), set_config('app.current_user', @tenant_user::text, true);";

    /// <summary>
    /// One round trip: the tenant setting and <paramref name="sql"/> go in one batch, which PostgreSQL
    /// runs as one implicit transaction. Returns the first row of <paramref name="sql"/>, or default.
    /// </summary>
    public async Task<T?> QuerySingleOrDefaultAsync<T>(Caller caller, string sql, object? param, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var grid = await conn.QueryMultipleAsync(Batch(caller, sql, param, ct));
        await grid.ReadAsync();
        return await grid.ReadFirstOrDefaultAsync<T>();
    }

    /// <summary>One round trip, as <see cref="QuerySingleOrDefaultAsync{T}"/>, returning every row.</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(Caller caller, string sql, object? param, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var grid = await conn.QueryMultipleAsync(Batch(caller, sql, param, ct));
        await grid.ReadAsync();
        return [.. await grid.ReadAsync<T>()];
    }

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

    private static CommandDefinition Batch(Caller caller, string sql, object? param, CancellationToken ct) =>
        new(SetTenantSql + "\n" + sql, TenantParameters(caller).AddAll(param), cancellationToken: ct);

    internal static SqlParameters TenantParameters(Caller caller) =>
        new SqlParameters().Add("tenant_org", caller.OrganizationId).Add("tenant_user", caller.UserId);
}
