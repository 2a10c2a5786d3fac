using System.Data;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>
/// Works around a bug in Npgsql's automatic preparation (10.0.3; its main branch is the same in December 2026). When
/// PostgreSQL answers a statement's Bind with an error just as Npgsql prepares that statement (Bind plans the statement,
/// and planning casts a parameter: <c>@Data::jsonb</c> holding a number beyond numeric's range is refused there), Npgsql
/// keeps the statement as prepared but without its row description. From then on, on that connection, the statement
/// looks like one that returns no rows: an empty result goes missing ("the batch has no more results") and a row breaks
/// the connection. Forgetting the connection's prepared statements after any error from the server sets that right.
/// Such errors are rare (bad input, a lost race), so preparing again costs little. tests/Data/PreparedStatementsTests.cs
/// reproduces the bug.
/// </summary>
internal static class PreparedStatements
{
    /// <summary>Whether <paramref name="exception"/> came from the server (a cancelled statement's included).</summary>
    public static bool InDoubtAfter(Exception exception) =>
        exception is PostgresException || exception.InnerException is PostgresException;

    /// <summary>
    /// Drops the connection's prepared statements; only between transactions (an aborted one refuses DEALLOCATE).
    /// Npgsql has no asynchronous form of it; it runs only after an error.
    /// </summary>
    public static void Forget(NpgsqlConnection connection)
    {
        if (connection.FullState != ConnectionState.Open)
        {
            return;
        }
        try
        {
            connection.UnprepareAll();
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            // The connection failed meanwhile: Npgsql does not pool a broken connection, so nothing stale is kept, and the
            // caller sees the error that brought it here rather than this one.
        }
    }
}
