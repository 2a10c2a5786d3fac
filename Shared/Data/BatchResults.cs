using Dapper;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>
/// The results of a batch, taken in order: each read takes the rows of the next statement that returns rows
/// (statements without rows, an insert without RETURNING or a COMMIT, have no result to take). Rows become objects
/// through Dapper's row parser, so columns map to properties as they always have.
/// </summary>
public sealed class BatchResults
{
    private readonly NpgsqlDataReader reader;
    private readonly CancellationToken ct;
    private bool onFirstResult = true;

    internal BatchResults(NpgsqlDataReader reader, CancellationToken ct)
    {
        this.reader = reader;
        this.ct = ct;
    }

    public async Task<IReadOnlyList<T>> ReadAsync<T>()
    {
        await NextResultAsync();
        var parse = RowParser<T>();
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(parse(reader));
        }
        return rows;
    }

    public Task<T?> ReadFirstOrDefaultAsync<T>() => ReadOneAsync<T>(required: false, unique: false);

    public Task<T?> ReadSingleOrDefaultAsync<T>() => ReadOneAsync<T>(required: false, unique: true);

    public async Task<T> ReadSingleAsync<T>() => (await ReadOneAsync<T>(required: true, unique: true))!;

    /// <summary>Passes over the next result without reading its rows (the tenant setting's).</summary>
    internal Task SkipAsync() => NextResultAsync();

    /// <summary>Reads through the results not taken, so that a failure in a later statement (a COMMIT's, say) is thrown.</summary>
    internal async Task FinishAsync()
    {
        while (await reader.NextResultAsync(ct))
        {
        }
    }

    private async Task<T?> ReadOneAsync<T>(bool required, bool unique)
    {
        await NextResultAsync();
        if (!await reader.ReadAsync(ct))
        {
            return required ? throw new InvalidOperationException("The statement returned no row; one was expected.") : default;
        }
        var row = RowParser<T>()(reader);
        if (unique && await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException("The statement returned more than one row; one was expected.");
        }
        return row;
    }

    /// <summary>
    /// Dapper's parser for the current result's columns. Taken untyped and cast per row: Dapper's typed one fails to
    /// cast its parser for a one-column result read as a class (string).
    /// </summary>
    private Func<System.Data.Common.DbDataReader, T> RowParser<T>()
    {
        var parse = reader.GetRowParser(typeof(T));
        return row => (T)parse(row);
    }

    private async Task NextResultAsync()
    {
        if (!onFirstResult && !await reader.NextResultAsync(ct))
        {
            throw new InvalidOperationException("The batch has no more results to read.");
        }
        onFirstResult = false;
    }
}
