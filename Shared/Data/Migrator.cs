using System.Reflection;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>
/// Applies the numbered scripts of sql/ in order, each once in its own transaction, recording its name and checksum
/// in schema_migrations (which the baseline, 001, creates). Runs as the owner role under an advisory lock, so
/// concurrent cold starts cannot race. Forward-only (docs/migrations.md): a changed script, or a database migrated by
/// scripts this build does not have, is refused with a message saying what to do. A database the scripts the baseline
/// replaced migrated (all of them, or all but 009) is taken over as the baseline's.
/// </summary>
public sealed class Migrator(ILogger<Migrator> logger)
{
    private const long LockKey = 7_406_211_001;

    public static IReadOnlyList<Migration> EmbeddedScripts()
    {
        var assembly = typeof(Migrator).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("sql/", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Migration.From(name["sql/".Length..], Read(assembly, name)))
            .OrderBy(m => m.Version)];
    }

    /// <summary>Applies what is missing; returns the schema version afterwards.</summary>
    public async Task<int> MigrateAsync(string ownerConnectionString, CancellationToken ct) =>
        await MigrateAsync(ownerConnectionString, EmbeddedScripts(), ct);

    public async Task<int> MigrateAsync(string ownerConnectionString, IReadOnlyList<Migration> scripts, CancellationToken ct)
    {
        // Two scripts with one number would apply the first and then fail on the second forever after.
        if (scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new MigrationException(
                $"{string.Join(" and ", clash.Select(s => "sql/" + s.Name))} share the number {clash.Key}. Give each script its own number.");
        }
        // Named, like the runtime's data source (DataSourceFactory.Name), so telemetry never carries the connection string.
        await using var dataSource = new NpgsqlDataSourceBuilder(ownerConnectionString) { Name = "event-wizard-migrations" }.Build();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: ct));
        try
        {
            var applied = await AppliedAsync(conn, ct);
            if (await TakeOverSquashedChainAsync(conn, scripts, applied.Values, ct))
            {
                applied = await AppliedAsync(conn, ct);
            }
            RefuseOtherHistory(conn, scripts, applied);
            foreach (var script in scripts)
            {
                await ApplyAsync(conn, script, applied, ct);
            }
            return scripts.Count == 0 ? 0 : scripts.Max(s => s.Version);
        }
        finally
        {
            await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@LockKey)", new { LockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>The record, by version; empty before the baseline has created it.</summary>
    private static async Task<Dictionary<int, AppliedScript>> AppliedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select to_regclass('schema_migrations') is not null", cancellationToken: ct)))
        {
            return [];
        }
        return (await conn.QueryAsync<AppliedScript>(
                new CommandDefinition("select version, name, checksum from schema_migrations", cancellationToken: ct)))
            .ToDictionary(r => r.Version);
    }

    /// <summary>
    /// A database the squashed scripts migrated, complete (001 to 009, as last written) or one script behind (no
    /// 009), has the baseline's schema, or gets it from 009's one statement: its record becomes the baseline's, its
    /// rows stay. Only when this build's 001 is the baseline.
    /// </summary>
    private async Task<bool> TakeOverSquashedChainAsync(NpgsqlConnection conn, IReadOnlyList<Migration> scripts,
        IEnumerable<AppliedScript> applied, CancellationToken ct)
    {
        if (scripts.FirstOrDefault(s => s.Version == 1) is not { Name: SquashedScripts.BaselineName } baseline
            || !SquashedScripts.IsComplete(applied, out var lastMissing))
        {
            return false;
        }
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (lastMissing)
        {
            await conn.ExecuteAsync(new CommandDefinition(SquashedScripts.LastScriptSql, transaction: tx, cancellationToken: ct));
        }
        await conn.ExecuteAsync(new CommandDefinition("delete from schema_migrations", transaction: tx, cancellationToken: ct));
        await RecordAsync(conn, baseline, tx, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Took over database {Database}, migrated by the scripts {Baseline} replaced{BroughtForward}: recorded as the baseline now",
            conn.Database, baseline.Name, lastMissing ? " up to 008 (009's statement applied now)" : "");
        return true;
    }

    /// <summary>
    /// A recorded script that this build has under another name, or not at all, means the database was built by other
    /// scripts than these (a script renamed or removed after it was applied, or an incomplete or edited chain of the
    /// scripts the baseline replaced), and these would be applied on top of a schema they do not describe. Records
    /// above this build's last script are a newer build's, and are left alone: an older build may still run against
    /// that database.
    /// </summary>
    private static void RefuseOtherHistory(NpgsqlConnection conn, IReadOnlyList<Migration> scripts,
        Dictionary<int, AppliedScript> applied)
    {
        var last = scripts.Count == 0 ? 0 : scripts.Max(s => s.Version);
        var names = scripts.ToDictionary(s => s.Version, s => s.Name);
        if (!applied.Values.Any(a => a.Version <= last && names.GetValueOrDefault(a.Version) != a.Name))
        {
            return;
        }
        var why = SquashedScripts.AnyRecorded(applied.Values)
            ? $"sql/{SquashedScripts.BaselineName} replaced the scripts 001 to 009 before anything was deployed (docs/migrations.md). " +
              "A database they migrated is taken over when its record holds all of them as they were last written (or all but 009); " +
              "this one holds an older or edited set, so its schema is not known."
            : "An applied script is never renamed or removed (docs/migrations.md).";
        throw new MigrationException(
            $"Database \"{conn.Database}\" on {conn.Host}:{conn.Port} was migrated by scripts this build does not have " +
            $"(recorded: {string.Join(", ", applied.Values.OrderBy(a => a.Version).Select(a => a.Name))}; " +
            $"this build: {string.Join(", ", scripts.Select(s => s.Name))}). {why} Nothing was changed. Recreate it: drop database " +
            $"\"{conn.Database}\", create it again owned by the owner role, and migrate again.");
    }

    private async Task ApplyAsync(NpgsqlConnection conn, Migration script, Dictionary<int, AppliedScript> applied,
        CancellationToken ct)
    {
        if (applied.TryGetValue(script.Version, out var recorded))
        {
            if (recorded.Checksum != script.Checksum)
            {
                throw new MigrationException(
                    $"sql/{script.Name} was changed after it was applied (recorded checksum {recorded.Checksum}, file {script.Checksum}). " +
                    "Migrations are forward-only: restore the applied text and put the change in a new, higher-numbered script.");
            }
            return;
        }
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(script.Sql, transaction: tx, cancellationToken: ct));
        }
        catch (PostgresException ex)
        {
            throw new MigrationException($"sql/{script.Name} failed, and nothing of it was applied: {ex.MessageText} (SQLSTATE {ex.SqlState}).", ex);
        }
        await RecordAsync(conn, script, tx, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Applied migration {Migration}", script.Name);
    }

    private static Task RecordAsync(NpgsqlConnection conn, Migration script, NpgsqlTransaction tx, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "insert into schema_migrations (version, name, checksum) values (@Version, @Name, @Checksum)",
            new { script.Version, script.Name, script.Checksum }, tx, cancellationToken: ct));

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
