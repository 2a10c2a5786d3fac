using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>
/// Applies the numbered scripts of sql/ in order, each once, recording a checksum. Runs as the owner role
/// under an advisory lock, so concurrent cold starts cannot race.
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
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: ct));
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(CreateHistorySql, cancellationToken: ct));
            var applied = (await conn.QueryAsync<(int Version, string Checksum)>(
                new CommandDefinition("select version, checksum from schema_migrations", cancellationToken: ct)))
                .ToDictionary(r => r.Version, r => r.Checksum);
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

    private async Task ApplyAsync(NpgsqlConnection conn, Migration script, Dictionary<int, string> applied, CancellationToken ct)
    {
        if (applied.TryGetValue(script.Version, out var checksum))
        {
            if (checksum != script.Checksum)
            {
                throw new MigrationException(
                    $"sql/{script.Name} was changed after it was applied (recorded checksum {checksum}, file {script.Checksum}). " +
                    "Migrations are forward-only: restore the applied text and put the change in a new, higher-numbered script.");
            }
            return;
        }
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(script.Sql, transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into schema_migrations (version, name, checksum) values (@Version, @Name, @Checksum)",
            new { script.Version, script.Name, script.Checksum }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        logger.LogInformation("Applied migration {Migration}", script.Name);
    }

    private const string CreateHistorySql = """
        create table if not exists schema_migrations (
            version    int primary key,
            name       text not null,
            checksum   text not null,
            applied_at timestamptz not null default now()
        )
        """;

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
