using System.Diagnostics;
using Dapper;
using EventWizard.LocalPostgres;
using EventWizard.Tests.Infrastructure;
using Npgsql;

namespace EventWizard.Tests.Hosting;

public sealed class LocalClusterTests
{
    [Fact]
    public async Task The_DevHost_cluster_started_by_hand_with_its_socket_elsewhere_is_restarted_and_answers()
    {
        var port = FreePorts.Loopback();
        string folder, pgCtl;
        await using (var cluster = await LocalPostgresCluster.StartPersistentAsync(port, CancellationToken.None))
        {
            folder = cluster.Root;
            pgCtl = cluster.ProgramPath("pg_ctl");
        }
        try
        {
            // As someone might from a shell: the same port, the socket in the temporary folder instead of the cluster's.
            var byHand = await PgCtlAsync(pgCtl, "start", "-w", "-D", Path.Combine(folder, "data"),
                "-l", Path.Combine(folder, "postgres.log"), "-o", $"-p {port} -k {Path.GetTempPath().TrimEnd('/')}");
            Assert.True(byHand.ExitCode == 0, byHand.Output + byHand.Error);

            await using var again = await LocalPostgresCluster.StartPersistentAsync(port, CancellationToken.None);

            await using var conn = new NpgsqlConnection(again.SuperuserConnectionString());
            Assert.Equal(LocalPostgresCluster.Database,
                await conn.ExecuteScalarAsync<string>("select datname from pg_database where datname = @name",
                    new { name = LocalPostgresCluster.Database }));
        }
        finally
        {
            await PgCtlAsync(pgCtl, "stop", "-w", "-m", "fast", "-D", Path.Combine(folder, "data"));
            Directory.Delete(folder, recursive: true);
        }
    }

    // pg_ctl refuses root: as root it runs as the postgres user that owns the cluster, as LocalPostgresCluster runs it.
    private static Task<(int ExitCode, string Output, string Error)> PgCtlAsync(string pgCtl, params string[] arguments)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : pgCtl);
        if (asRoot)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("postgres");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(pgCtl);
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return ChildProcess.RunAsync(start, TimeSpan.FromSeconds(60));
    }
}
