using Dapper;
using EventWizard.LocalPostgres;
using Npgsql;

namespace EventWizard.Tests.Hosting;

public sealed class LocalClusterTests
{
    [Fact]
    public async Task The_DevHost_cluster_started_by_hand_with_its_socket_elsewhere_is_restarted_and_answers()
    {
        var port = LocalPostgresCluster.FreeLoopbackPort();
        string folder, pgCtl;
        await using (var cluster = await LocalPostgresCluster.StartPersistentAsync(port, CancellationToken.None))
        {
            folder = cluster.Root;
            pgCtl = cluster.ProgramPath("pg_ctl");
        }
        try
        {
            // As someone might from a shell: the same port, the socket in the temporary folder instead of the cluster's.
            var byHand = await LocalPostgresCluster.RunAsync(pgCtl, ["start", "-w", "-D", Path.Combine(folder, "data"),
                "-l", Path.Combine(folder, "postgres.log"), "-o", $"-p {port} -k {Path.GetTempPath().TrimEnd('/')}"],
                CancellationToken.None, throwOnError: false);
            Assert.True(byHand.ExitCode == 0, byHand.Output);

            await using var again = await LocalPostgresCluster.StartPersistentAsync(port, CancellationToken.None);

            await using var conn = new NpgsqlConnection(again.SuperuserConnectionString());
            Assert.Equal(LocalPostgresCluster.Database,
                await conn.ExecuteScalarAsync<string>("select datname from pg_database where datname = @name",
                    new { name = LocalPostgresCluster.Database }));
        }
        finally
        {
            await LocalPostgresCluster.RunAsync(pgCtl, ["stop", "-w", "-m", "fast", "-D", Path.Combine(folder, "data")],
                CancellationToken.None, throwOnError: false);
            Directory.Delete(folder, recursive: true);
        }
    }
}
