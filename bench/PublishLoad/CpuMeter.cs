using System.Globalization;

namespace EventWizard.Bench.PublishLoad;

/// <summary>
/// CPU time (user + system) of the DevHost process, of every PostgreSQL process under our postmaster and of this
/// load generator, read from /proc: figures that do not depend on what else the machine is running.
/// </summary>
public sealed class CpuMeter(int? serverPid, int? postmasterPid)
{
    private static readonly double TicksPerSecond = 100;

    public (TimeSpan Server, TimeSpan Postgres, TimeSpan Client) Read()
    {
        var server = serverPid is { } pid ? ProcessCpu(pid) : TimeSpan.Zero;
        var client = ProcessCpu(Environment.ProcessId);
        var postgres = TimeSpan.Zero;
        if (postmasterPid is { } postmaster && OperatingSystem.IsLinux())
        {
            foreach (var dir in Directory.GetDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var child)
                    && (child == postmaster || ParentOf(child) == postmaster))
                {
                    postgres += ProcessCpu(child);
                }
            }
        }
        return (server, postgres, client);
    }

    public bool Enabled => serverPid is not null && OperatingSystem.IsLinux();

    private static TimeSpan ProcessCpu(int pid)
    {
        var fields = StatFields(pid);
        if (fields is null)
        {
            return TimeSpan.Zero;
        }
        // utime, stime, cutime, cstime are fields 14..17 (1-based); after the ")" they are at 11..14.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static int? ParentOf(int pid) =>
        StatFields(pid) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : null;

    /// <summary>The fields of /proc/pid/stat after the command name: [0] state, [1] ppid, ….</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
