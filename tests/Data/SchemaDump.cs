using System.Diagnostics;
using System.Globalization;
using EventWizard.LocalPostgres;
using EventWizard.Tests.Hosting;
using Npgsql;

namespace EventWizard.Tests.Data;

/// <summary>
/// A database's schema as <c>pg_dump --schema-only</c> writes it: tables with their columns in order, defaults,
/// constraints, indexes, sequences, types, functions with their bodies, triggers, row level security and policies,
/// owners and grants. Read as the superuser, with the cluster's own pg_dump.
/// </summary>
internal static class SchemaDump
{
    public static async Task<string> ReadAsync(LocalPostgresCluster cluster, string database)
    {
        var server = new NpgsqlConnectionStringBuilder(cluster.SuperuserConnectionString(database));
        var start = new ProcessStartInfo(cluster.ProgramPath("pg_dump"))
        {
            ArgumentList = { "--schema-only", "--no-password", "-h", server.Host!, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.Username!, database },
        };
        var (exitCode, output, error) = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(1));
        Assert.True(exitCode == 0, $"pg_dump {database} failed ({exitCode}): {error}");
        // pg_dump 15.14 and later fence the dump with \restrict and \unrestrict and a random key.
        return string.Join('\n', output.Split('\n').Where(line => !line.StartsWith("\\restrict ", StringComparison.Ordinal)
            && !line.StartsWith("\\unrestrict ", StringComparison.Ordinal)));
    }
}
