using Dapper;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>
/// A connection and an open transaction for one tenant. Dispose without commit rolls back. SQL runs only
/// through these methods, so never without the tenant: the tenant setting goes in one batch with the first
/// query (one round trip fewer per transaction), or ahead of the first execute. Parameters are sent typed
/// (<see cref="SqlParameters"/>).
/// </summary>
public sealed class TenantTransaction : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private Caller? pendingTenant;

    internal TenantTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, Caller tenant)
    {
        this.connection = connection;
        this.transaction = transaction;
        pendingTenant = tenant;
    }

    /// <summary>The server process of this transaction (for tests that watch its locks).</summary>
    public int ProcessId => connection.ProcessID;

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param, CancellationToken ct) =>
        QueryMultipleAsync(sql, param, grid => grid.ReadSingleOrDefaultAsync<T>(), ct);

    public Task<T> QuerySingleAsync<T>(string sql, object? param, CancellationToken ct) =>
        QueryMultipleAsync(sql, param, grid => grid.ReadSingleAsync<T>(), ct);

    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? param, CancellationToken ct) =>
        QueryMultipleAsync<IReadOnlyList<T>>(sql, param, async grid => [.. await grid.ReadAsync<T>()], ct);

    /// <summary>Several statements in one round trip; <paramref name="read"/> takes their results in order.</summary>
    public async Task<T> QueryMultipleAsync<T>(string sql, object? param, Func<SqlMapper.GridReader, Task<T>> read,
        CancellationToken ct)
    {
        var tenant = pendingTenant;
        var batch = tenant is null
            ? Command(sql, SqlParameters.Of(param), ct)
            : Command(TenantDb.SetTenantSql + "\n" + sql, TenantDb.TenantParameters(tenant).AddAll(param), ct);
        await using var grid = await connection.QueryMultipleAsync(batch);
        if (tenant is not null)
        {
            await grid.ReadAsync();
            pendingTenant = null;
        }
        return await read(grid);
    }

    public async Task<int> ExecuteAsync(string sql, object? param, CancellationToken ct)
    {
        if (pendingTenant is { } tenant)
        {
            await connection.ExecuteAsync(Command(TenantDb.SetTenantSql, TenantDb.TenantParameters(tenant), ct));
            pendingTenant = null;
        }
        return await connection.ExecuteAsync(Command(sql, SqlParameters.Of(param), ct));
    }

    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private CommandDefinition Command(string sql, SqlParameters parameters, CancellationToken ct) =>
        new(sql, parameters, transaction, cancellationToken: ct);
}
