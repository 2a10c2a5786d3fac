using System.Runtime.InteropServices;

namespace EventWizard.DevHost.Launcher;

/// <summary>
/// The dotnet executable of the installation running the launcher, for the builds and the server it starts: the one
/// the developer ran, even when it is not the first `dotnet` on PATH (or PATH has none).
/// </summary>
public static class DotnetHost
{
    public static string Executable { get; } = Find();

    private static string Find()
    {
        // The runtime lives in {root}/shared/Microsoft.NETCore.App/{version}/; the host is {root}/dotnet.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}
