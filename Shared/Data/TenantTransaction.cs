using Dapper;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>
/// A connection and an open transaction for one tenant. Dispose without commit rolls back. SQL runs only
/// through these methods, so never without the tenant: the tenant setting goes in one batch with the first
/// statement (one round trip fewer per transaction). Parameters are sent typed
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
        var (command, tenantFirst) = Command(sql, param, ct);
        await using var grid = await connection.QueryMultipleAsync(command);
        if (tenantFirst)
        {
            await grid.ReadAsync();
        }
        return await read(grid);
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (one statement returning one row) and commits, in one round trip: COMMIT goes in
    /// the same batch. PostgreSQL skips the COMMIT when the statement fails, so the transaction stays open (aborted)
    /// and disposing rolls it back, as with <see cref="CommitAsync"/>. A failing COMMIT (a deferred constraint, a
    /// lost connection) throws here: Dapper moves on to COMMIT's result when it has read the row.
    /// </summary>
    public Task<T> QuerySingleAndCommitAsync<T>(string sql, object? param, CancellationToken ct) =>
        QueryMultipleAsync($"{sql};\ncommit", param, grid => grid.ReadSingleAsync<T>(), ct);

    public Task<int> ExecuteAsync(string sql, object? param, CancellationToken ct) =>
        connection.ExecuteAsync(Command(sql, param, ct).Command);

    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    /// <summary>
    /// The first command carries the tenant setting. It is marked sent before it runs: if it fails, the
    /// transaction is aborted and no later statement can run in it anyway.
    /// </summary>
    private (CommandDefinition Command, bool TenantFirst) Command(string sql, object? param, CancellationToken ct)
    {
        if (pendingTenant is not { } tenant)
        {
            return (new CommandDefinition(sql, SqlParameters.Of(param), transaction, cancellationToken: ct), false);
        }
        pendingTenant = null;
        return (TenantDb.WithTenant(tenant, sql, param, transaction, ct), true);
    }
}
