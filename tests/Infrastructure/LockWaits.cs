using Dapper;

namespace EventWizard.Tests.Infrastructure;

/// <summary>
/// For tests that hold a lock and must know the code under test is waiting on it before they go on: finds a
/// PostgreSQL backend blocked on a lock (pg_blocking_pids), asking every 50 ms for up to 30 s.
/// </summary>
public static class LockWaits
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The process id of a backend waiting on a lock that <paramref name="holderPid"/> holds; null if none came.</summary>
    public static Task<int?> BlockedByAsync(int holderPid) => FirstBlockedAsync(holderPid, database: null);

    /// <summary>The process id of a backend of <paramref name="database"/> waiting on any lock; null if none came.</summary>
    public static Task<int?> BlockedInAsync(string database) => FirstBlockedAsync(holderPid: null, database);

    private static async Task<int?> FirstBlockedAsync(int? holderPid, string? database)
    {
        const string sql = """
            select pid from pg_stat_activity
            where cardinality(pg_blocking_pids(pid)) > 0
              and (@holderPid::int is null or @holderPid = any(pg_blocking_pids(pid)))
              and (@database::text is null or datname = @database)
            limit 1
            """;
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        for (var waited = TimeSpan.Zero; waited < Patience; waited += Poll)
        {
            if (await conn.ExecuteScalarAsync<int?>(sql, new { holderPid, database }) is { } pid)
            {
                return pid;
            }
            await Task.Delay(Poll);
        }
        return null;
    }
}
