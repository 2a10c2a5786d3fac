using Dapper;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>
/// A connection and transaction with the tenant already set. Dispose without commit rolls back. The query
/// methods send their parameters typed (<see cref="SqlParameters"/>) inside this transaction.
/// </summary>
public sealed class TenantTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
{
    public NpgsqlConnection Connection { get; } = connection;
    public NpgsqlTransaction Transaction { get; } = transaction;

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param, CancellationToken ct) =>
        Connection.QuerySingleOrDefaultAsync<T>(Command(sql, param, ct));

    public Task<T> QuerySingleAsync<T>(string sql, object? param, CancellationToken ct) =>
        Connection.QuerySingleAsync<T>(Command(sql, param, ct));

    public Task<int> ExecuteAsync(string sql, object? param, CancellationToken ct) =>
        Connection.ExecuteAsync(Command(sql, param, ct));

    public Task CommitAsync(CancellationToken ct) => Transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }

    private CommandDefinition Command(string sql, object? param, CancellationToken ct) =>
        new(sql, SqlParameters.Of(param), Transaction, cancellationToken: ct);
}
