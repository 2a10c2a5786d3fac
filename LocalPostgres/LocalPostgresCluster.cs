using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace EventWizard.LocalPostgres;

/// <summary>
/// A PostgreSQL cluster of our own for local runs and tests: initdb'd on first use, started with pg_ctl,
/// with the owner and runtime roles of design.md.
/// Linux only, and it assumes:
/// - the server binaries (initdb, pg_ctl, and psql and pg_dump beside them) on PATH (a link followed to the folder it
///   points into) or in /usr/lib/postgresql/*/bin (Debian and Ubuntu), the newest major version there;
/// - as root (sessions and CI), where initdb refuses to run: a <c>postgres</c> OS user, <c>runuser</c> (util-linux)
///   to run the server as that user, and <c>chown</c>/<c>chmod</c> on the cluster's folder;
/// - the folder under the temp path (/tmp): event-wizard-pg-&lt;port&gt; kept between runs, event-wizard-pg-test-*
///   deleted after them;
/// - the superuser connecting over a Unix-domain socket in that folder (trust), the roles over TCP on 127.0.0.1;
/// - libc's kill() to stop a server at once (SIGINT), and an owner.pid file per temporary cluster to find the
///   abandoned ones.
/// Tested on Debian only; macOS with the binaries on PATH, as a normal user, may work. Not on Windows: there, and for
/// any server of your own, set Database__ConnectionString and Database__OwnerConnectionString instead.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    public const string Database = "event_wizard";
    public const string OwnerRole = "event_wizard_owner";
    public const string RuntimeGroupRole = "event_wizard_runtime";
    public const string RuntimeLoginRole = "event_wizard_app";
    private const string OwnerPassword = "local-owner-password";
    private const string RuntimePassword = "local-app-password";
    private const string ServiceUser = "postgres";

    private readonly string binDirectory;
    private readonly bool stopOnDispose;
    private readonly bool deleteOnDispose;

    private LocalPostgresCluster(string binDirectory, string root, int port, bool stopOnDispose, bool deleteOnDispose)
    {
        this.binDirectory = binDirectory;
        Root = root;
        Port = port;
        this.stopOnDispose = stopOnDispose;
        this.deleteOnDispose = deleteOnDispose;
    }

    /// <summary>The cluster's folder: its data, its socket and its log. Deleting it (stopped) starts the next run afresh.</summary>
    public string Root { get; }

    public int Port { get; }

    /// <summary>Whether this start ran initdb (a new cluster) rather than starting an existing one.</summary>
    public bool CreatedNow { get; private set; }

    private string DataDirectory => Path.Combine(Root, "data");

    /// <summary>A program of this cluster's own PostgreSQL installation (psql, pg_dump), so its version matches the server's.</summary>
    public string ProgramPath(string program) => Path.Combine(binDirectory, program);

    public string SuperuserConnectionString(string database = "postgres") =>
        $"Host={Root};Port={Port};Username={ServiceUser};Database={database};Pooling=false";

    public string OwnerConnectionString(string database = Database) =>
        $"Host=127.0.0.1;Port={Port};Username={OwnerRole};Password={OwnerPassword};Database={database}";

    public string RuntimeConnectionString(string database = Database) =>
        $"Host=127.0.0.1;Port={Port};Username={RuntimeLoginRole};Password={RuntimePassword};Database={database}";

    /// <summary>The DevHost's cluster: a fixed port, data kept between runs, reused when already running.</summary>
    public static Task<LocalPostgresCluster> StartPersistentAsync(int port, CancellationToken ct) =>
        StartAsync(Path.Combine(Path.GetTempPath(), $"event-wizard-pg-{port}"), port, keepData: true, ct);

    /// <summary>A throw-away cluster on a free port, deleted on dispose (tests, benchmarks).</summary>
    public static async Task<LocalPostgresCluster> StartTemporaryAsync(CancellationToken ct)
    {
        await RemoveAbandonedTemporaryClustersAsync(ct);
        var root = Path.Combine(Path.GetTempPath(), $"{TemporaryPrefix}{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ct);
        return await StartAsync(root, FreeLoopbackPort(), keepData: false, ct);
    }

    private static async Task<LocalPostgresCluster> StartAsync(string root, int port, bool keepData, CancellationToken ct)
    {
        var bin = FindBinDirectory();
        var cluster = new LocalPostgresCluster(bin, root, port, stopOnDispose: true, deleteOnDispose: !keepData);
        await cluster.EnsureInitializedAsync(ct);
        await cluster.EnsureRunningAsync(fast: !keepData, ct);
        await cluster.EnsureRolesAndDatabaseAsync(ct);
        return cluster;
    }

    /// <summary>Creates an empty database owned by the owner role (for migration tests).</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(SuperuserConnectionString());
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"create database \"{name}\" owner {OwnerRole}", conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task StopAsync()
    {
        SignalFastShutdown();
        await RunAsync(PgCtl, ["stop", "-D", DataDirectory, "-m", "fast", "-w"], CancellationToken.None, throwOnError: false);
    }

    /// <summary>
    /// Sends the postmaster SIGINT (fast shutdown) at once. An exit handler is often cut short (the test runner
    /// kills its test host soon after the run); starting pg_ctl under load can take longer than it gets.
    /// </summary>
    private void SignalFastShutdown()
    {
        try
        {
            var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), CultureInfo.InvariantCulture, out var pid) && pid > 0)
            {
                _ = Kill(pid, SigInt);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            // pg_ctl stop below does it the slow way.
        }
    }

    private const int SigInt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public async Task StartAgainAsync(CancellationToken ct) => await EnsureRunningAsync(fast: deleteOnDispose, ct);

    public async ValueTask DisposeAsync()
    {
        if (stopOnDispose)
        {
            await StopAsync();
        }
        if (deleteOnDispose)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A file still held open: the temp folder is cleaned by the system later.
            }
        }
    }

    private const string TemporaryPrefix = "event-wizard-pg-test-";

    /// <summary>The process that started a temporary cluster; when it is gone, so may the cluster be.</summary>
    private const string OwnerFile = "owner.pid";

    /// <summary>
    /// Temporary clusters whose process ended without cleaning up: a test host is often killed before its
    /// exit handler has deleted the folder, and a killed run leaves its server running. Stop and delete them.
    /// </summary>
    private static async Task RemoveAbandonedTemporaryClustersAsync(CancellationToken ct)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), TemporaryPrefix + "*"))
        {
            var dataDirectory = Path.Combine(folder, "data");
            var running = File.Exists(Path.Combine(dataDirectory, "postmaster.pid"));
            var abandoned = ReadOwner(folder) is { } owner
                ? !IsAlive(owner)
                : !running && Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-30);
            if (!abandoned)
            {
                continue;
            }
            if (running)
            {
                await RunAsync(Path.Combine(FindBinDirectory(), "pg_ctl"), ["stop", "-D", dataDirectory, "-m", "immediate", "-w"], ct, throwOnError: false);
            }
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone else's, or busy: leave it.
            }
        }
    }

    private static int? ReadOwner(string folder)
    {
        try
        {
            return int.TryParse(File.ReadAllText(Path.Combine(folder, OwnerFile)), CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private string PgCtl => ProgramPath("pg_ctl");

    private async Task EnsureInitializedAsync(CancellationToken ct)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }
        Directory.CreateDirectory(Root);
        if (RunningAsRoot)
        {
            await RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", Root], ct, asServiceUser: false);
            await RunAsync("chmod", ["0755", Root], ct, asServiceUser: false);
        }
        await RunAsync(ProgramPath("initdb"),
            ["-D", DataDirectory, "-U", ServiceUser, "-E", "UTF8", "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"], ct);
        CreatedNow = true;
    }

    private async Task EnsureRunningAsync(bool fast, CancellationToken ct)
    {
        var status = await RunAsync(PgCtl, ["status", "-D", DataDirectory], ct, throwOnError: false);
        if (status.ExitCode == 0)
        {
            // Started by hand on another port, or with its socket elsewhere than the folder the superuser connects
            // through, it is restarted as this class starts it rather than failing on that connection.
            if (RunsAsStartedHere())
            {
                return;
            }
            await StopAsync();
        }
        List<string> options = ["-p", Port.ToString(CultureInfo.InvariantCulture), "-k", Root, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"];
        if (fast)
        {
            options.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }
        var start = await RunAsync(PgCtl,
            ["start", "-D", DataDirectory, "-w", "-t", "60", "-l", Path.Combine(Root, "postgres.log"), "-o", string.Join(' ', options)],
            ct, throwOnError: false);
        if (start.ExitCode != 0)
        {
            var log = File.Exists(Path.Combine(Root, "postgres.log")) ? File.ReadAllText(Path.Combine(Root, "postgres.log")) : "";
            throw new InvalidOperationException(
                $"PostgreSQL did not start on port {Port} (is the port taken by another server?).\n{start.Output}\n{Tail(log)}");
        }
    }

    // postmaster.pid's fourth line is the server's port, its fifth the folder of its Unix socket.
    private bool RunsAsStartedHere()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return false;
        }
        var lines = File.ReadAllLines(pidFile);
        return lines.Length > 4 && lines[3] == Port.ToString(CultureInfo.InvariantCulture) && lines[4] == Root;
    }

    private async Task EnsureRolesAndDatabaseAsync(CancellationToken ct)
    {
        await using (var conn = new NpgsqlConnection(SuperuserConnectionString()))
        {
            await conn.OpenAsync(ct);
            await ExecuteAsync(conn, $"""
                do $$
                begin
                    if not exists (select from pg_roles where rolname = '{OwnerRole}') then
                        create role {OwnerRole} login nosuperuser nobypassrls password '{OwnerPassword}';
                    end if;
                    if not exists (select from pg_roles where rolname = '{RuntimeGroupRole}') then
                        create role {RuntimeGroupRole} nologin nosuperuser nobypassrls;
                    end if;
                    if not exists (select from pg_roles where rolname = '{RuntimeLoginRole}') then
                        create role {RuntimeLoginRole} login nosuperuser nobypassrls password '{RuntimePassword}' in role {RuntimeGroupRole};
                    end if;
                end
                $$;
                """, ct);
            var exists = await ScalarAsync(conn, $"select count(*) from pg_database where datname = '{Database}'", ct);
            if (exists == 0)
            {
                await ExecuteAsync(conn, $"create database {Database} owner {OwnerRole}", ct);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    private static string FindBinDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(
                "The local PostgreSQL runs on Linux only (Unix sockets, runuser, kill). On Windows, set Database__ConnectionString " +
                "and Database__OwnerConnectionString to a PostgreSQL 15+ server you already have.");
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")));
        if (onPath is not null)
        {
            // pg_ctl on PATH is often a link (/usr/local/bin/pg_ctl -> /usr/lib/postgresql/15/bin/pg_ctl): the folder
            // it points into also holds psql and pg_dump of the same version.
            var pgCtl = new FileInfo(Path.Combine(onPath, "pg_ctl"));
            return Path.GetDirectoryName(pgCtl.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? pgCtl.FullName)!;
        }
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return debian ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin. " +
            "Install them (Debian: apt-get install -y postgresql), or set Database__ConnectionString and " +
            "Database__OwnerConnectionString to a PostgreSQL 15+ server you already have.");
    }

    /// <summary>A loopback TCP port that nothing listens on now (the system's pick, free until something takes it).</summary>
    internal static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    /// <summary>Runs a program, as the <c>postgres</c> user when running as root (initdb and pg_ctl refuse root).</summary>
    internal static async Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> arguments,
        CancellationToken ct, bool throwOnError = true, bool asServiceUser = true)
    {
        var info = asServiceUser && RunningAsRoot
            ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", ServiceUser, "--", file } }
            : new ProcessStartInfo(file);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = "/";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = (await stdout) + (await stderr);
        if (throwOnError && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output}");
        }
        return (process.ExitCode, output);
    }
}
