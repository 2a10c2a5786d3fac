using EventWizard.Shared.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventWizard.Tests.Data;

/// <summary>
/// The scripts sql/001_baseline.sql replaced (001, 003, 004, 006, 007, 008, 009), as main last applied them, kept
/// under Data/OldMigrations as test data: a database they migrate is what developers' local clusters were.
/// </summary>
internal static class OldScripts
{
    public static IReadOnlyList<Migration> All { get; } = [.. Directory
        .GetFiles(Path.Combine(AppContext.BaseDirectory, "Data", "OldMigrations"), "*.sql")
        .Select(path => Migration.From(Path.GetFileName(path), File.ReadAllText(path)))
        .OrderBy(m => m.Version)];

    /// <summary>What main's migrator did: it created its record itself before the first script, which granted on it.</summary>
    private const string CreateHistorySql = """
        create table if not exists schema_migrations (
            version    int primary key,
            name       text not null,
            checksum   text not null,
            applied_at timestamptz not null default now()
        )
        """;

    /// <summary>Migrates as main did: the record, then each old script up to <paramref name="through"/> once, recorded with its checksum.</summary>
    public static async Task MigrateAsync(string ownerConnectionString, int through = int.MaxValue)
    {
        await using (var conn = new NpgsqlConnection(ownerConnectionString))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand(CreateHistorySql, conn);
            await create.ExecuteNonQueryAsync();
        }
        await new Migrator(NullLogger<Migrator>.Instance).MigrateAsync(ownerConnectionString, [.. All.Where(s => s.Version <= through)], CancellationToken.None);
    }
}
