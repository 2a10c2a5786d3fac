using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>
/// Runs SQL written with <c>@Name</c> parameters as one <see cref="NpgsqlBatch"/>: one round trip, the statements in
/// PostgreSQL's positional form (<see cref="PositionalSql"/>), the tenant setting first when the caller asks for it.
/// Without an explicit transaction PostgreSQL runs the whole batch as one implicit transaction, so the tenant
/// setting (transaction-local) holds for exactly the statements after it. After an error from the server, a batch
/// without an explicit transaction forgets the connection's prepared statements (<see cref="PreparedStatements"/>); in an
/// explicit transaction, the transaction's owner does once it has rolled back (<see cref="TenantTransaction"/>).
/// </summary>
internal static class SqlBatch
{
    private const string SetTenantSql =
        "select set_config('app.current_org', $1::text, true), set_config('app.current_user', $2::text, true)";

    /// <summary>Runs the batch and hands its results to <paramref name="read"/>, after the tenant setting's own.</summary>
    public static async Task<T> QueryAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, Caller? tenant,
        string sql, object? param, Func<BatchResults, Task<T>> read, CancellationToken ct)
    {
        try
        {
            await using var batch = Create(connection, transaction, tenant, sql, param);
            await using var reader = await batch.ExecuteReaderAsync(ct);
            var results = new BatchResults(reader, ct);
            if (tenant is not null)
            {
                await results.SkipAsync();
            }
            var answer = await read(results);
            await results.FinishAsync();
            return answer;
        }
        catch (Exception ex) when (transaction is null && PreparedStatements.InDoubtAfter(ex))
        {
            PreparedStatements.Forget(connection);
            throw;
        }
    }

    /// <summary>
    /// The rows the statements changed (the tenant setting, a SELECT, counts none). In an explicit transaction only: its
    /// owner forgets the prepared statements after an error (see the class's summary).
    /// </summary>
    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Caller? tenant,
        string sql, object? param, CancellationToken ct)
    {
        await using var batch = Create(connection, transaction, tenant, sql, param);
        return await batch.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlBatch Create(NpgsqlConnection connection, NpgsqlTransaction? transaction, Caller? tenant,
        string sql, object? param)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        if (tenant is { } caller)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(SetTenantSql)
            {
                Parameters =
                {
                    new NpgsqlParameter<Guid> { TypedValue = caller.OrganizationId },
                    new NpgsqlParameter<Guid> { TypedValue = caller.UserId },
                },
            });
        }
        var parameters = param as SqlParameters ?? SqlParameters.Of(param);
        foreach (var statement in PositionalSql.Of(sql))
        {
            var command = new NpgsqlBatchCommand(statement.Text);
            foreach (var name in statement.ParameterNames)
            {
                command.Parameters.Add(parameters.Positional(name));
            }
            batch.BatchCommands.Add(command);
        }
        return batch;
    }
}
