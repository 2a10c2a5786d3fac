using System.Data;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>
/// Runs SQL as a tenant. The tenant is set with transaction-local <c>set_config</c> as the first
/// statement of the same transaction, so it can never leak to the next user of a pooled connection.
/// </summary>
public sealed class TenantDb(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// One round trip: the tenant setting and <paramref name="sql"/> go in one batch, which PostgreSQL
    /// runs as one implicit transaction. Returns the first row of <paramref name="sql"/>, or default.
    /// </summary>
    public Task<T?> QuerySingleOrDefaultAsync<T>(Caller caller, string sql, object? param, CancellationToken ct) =>
        QueryMultipleAsync(caller, sql, param, results => results.ReadFirstOrDefaultAsync<T>(), ct);

    /// <summary>One round trip, as <see cref="QuerySingleOrDefaultAsync{T}"/>, returning every row.</summary>
    public Task<IReadOnlyList<T>> QueryAsync<T>(Caller caller, string sql, object? param, CancellationToken ct) =>
        QueryMultipleAsync(caller, sql, param, results => results.ReadAsync<T>(), ct);

    /// <summary>Several statements in one round trip, as <see cref="QuerySingleOrDefaultAsync{T}"/>; <paramref name="read"/> takes their results in order.</summary>
    public async Task<T> QueryMultipleAsync<T>(Caller caller, string sql, object? param, Func<BatchResults, Task<T>> read,
        CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await SqlBatch.QueryAsync(conn, null, caller, sql, param, read, ct);
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
}
