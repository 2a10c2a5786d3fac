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
    private bool preparedStatementsInDoubt;

    internal TenantTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, Caller tenant)
    {
        this.connection = connection;
        this.transaction = transaction;
        pendingTenant = tenant;
    }

    /// <summary>The server process of this transaction (for tests that watch its locks).</summary>
    public int ProcessId => connection.ProcessID;

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param, CancellationToken ct) =>
        QueryMultipleAsync(sql, param, results => results.ReadSingleOrDefaultAsync<T>(), ct);

    public Task<T> QuerySingleAsync<T>(string sql, object? param, CancellationToken ct) =>
        QueryMultipleAsync(sql, param, results => results.ReadSingleAsync<T>(), ct);

    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? param, CancellationToken ct) =>
        QueryMultipleAsync(sql, param, results => results.ReadAsync<T>(), ct);

    /// <summary>Several statements in one round trip; <paramref name="read"/> takes their results in order.</summary>
    public Task<T> QueryMultipleAsync<T>(string sql, object? param, Func<BatchResults, Task<T>> read, CancellationToken ct) =>
        NotingServerErrors(SqlBatch.QueryAsync(connection, transaction, TakePendingTenant(), sql, param, read, ct));

    /// <summary>
    /// Runs <paramref name="sql"/> (one statement returning one row) and commits, in one round trip: COMMIT goes in
    /// the same batch. PostgreSQL skips the COMMIT when the statement fails, so the transaction stays open (aborted)
    /// and disposing rolls it back, as with <see cref="CommitAsync"/>. A failing COMMIT (a deferred constraint, a
    /// lost connection) throws here: the batch's results are read to the end.
    /// </summary>
    public Task<T> QuerySingleAndCommitAsync<T>(string sql, object? param, CancellationToken ct) =>
        QueryMultipleAsync($"{sql};\ncommit", param, results => results.ReadSingleAsync<T>(), ct);

    public Task<int> ExecuteAsync(string sql, object? param, CancellationToken ct) =>
        NotingServerErrors(SqlBatch.ExecuteAsync(connection, transaction, TakePendingTenant(), sql, param, ct));

    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    /// <summary>Rolls back unless committed; after an error from the server, forgets the prepared statements (<see cref="PreparedStatements"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        if (preparedStatementsInDoubt)
        {
            PreparedStatements.Forget(connection);
        }
        await connection.DisposeAsync();
    }

    /// <summary>The batch's answer; an error from the server leaves the prepared statements to forget on dispose.</summary>
    private async Task<T> NotingServerErrors<T>(Task<T> batch)
    {
        try
        {
            return await batch;
        }
        catch (Exception ex) when (PreparedStatements.InDoubtAfter(ex))
        {
            preparedStatementsInDoubt = true;
            throw;
        }
    }

    /// <summary>
    /// The tenant for the first batch to carry, then null. It is taken before that batch runs: if the batch fails,
    /// the transaction is aborted and no later statement can run in it anyway.
    /// </summary>
    private Caller? TakePendingTenant()
    {
        var tenant = pendingTenant;
        pendingTenant = null;
        return tenant;
    }
}
