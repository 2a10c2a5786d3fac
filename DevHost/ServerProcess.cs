using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EventWizard.DevHost.Launcher;

/// <summary>
/// Runs the built server as a child process on this console, with the launcher's arguments, and passes it the stop
/// signals the launcher gets (SIGTERM from `dotnet run` or a script, SIGINT): the server then stops its PostgreSQL
/// as it does when run directly. Its exit code is the launcher's.
/// </summary>
public static partial class ServerProcess
{
    public static async Task<int> RunAsync(string serverAssembly, string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost.Executable) { UseShellExecute = false };
        start.ArgumentList.Add(serverAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var server = Process.Start(start)!;
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => PassOn(context, server));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => PassOn(context, server));
        await server.WaitForExitAsync();
        return server.ExitCode;
    }

    /// <summary>
    /// The launcher waits for the server instead of ending. On Windows a console's Ctrl+C reaches every process on it,
    /// the server included, so there is nothing to pass on.
    /// </summary>
    private static void PassOn(PosixSignalContext context, Process server)
    {
        context.Cancel = true;
        if (!OperatingSystem.IsWindows() && !server.HasExited)
        {
            _ = Kill(server.Id, context.Signal == PosixSignal.SIGINT ? SignalInterrupt : SignalTerminate);
        }
    }

    private const int SignalInterrupt = 2;
    private const int SignalTerminate = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}
