using System.Diagnostics;

namespace EventWizard.DevHost.Launcher;

/// <summary>
/// DevHost.Server's build as the launcher keeps it: built in the launcher's own configuration and target framework,
/// with the inputs it was built from (<see cref="InputFingerprint"/>) written beside its output after a build that
/// succeeded. Up to date while those inputs are unchanged and the output is there.
/// </summary>
public sealed class ServerBuild(string repository, string configuration, string targetFramework)
{
    public const string Project = "DevHost.Server/DevHost.Server.csproj";

    /// <summary>The launcher's own build tells where it runs from: bin/{configuration}/{framework} of DevHost/.</summary>
    public static ServerBuild ForThisLauncher()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var configuration = output.Parent!;
        return new ServerBuild(configuration.Parent!.Parent!.Parent!.FullName, configuration.Name, output.Name);
    }

    public string Repository => repository;

    public string OutputFolder => Path.Combine(repository, Path.GetDirectoryName(Project)!, "bin", configuration, targetFramework);

    public string ServerAssembly => Path.Combine(OutputFolder, "EventWizard.DevHost.dll");

    private string StampPath => Path.Combine(OutputFolder, "launcher-inputs.txt");

    public bool IsUpToDate(string fingerprint) =>
        File.Exists(ServerAssembly) && File.Exists(StampPath) && File.ReadAllText(StampPath) == fingerprint;

    /// <summary>Restores and builds the server, each step timed on the console; false when a step failed (its errors are shown).</summary>
    public async Task<bool> BuildAsync(string fingerprint)
    {
        var built = await StepAsync("Restoring packages", "restore", Project)
            && await StepAsync($"Building DevHost.Server and the three function apps ({configuration})", "build", Project,
                "--no-restore", "-c", configuration);
        if (built)
        {
            await File.WriteAllTextAsync(StampPath, fingerprint);
        }
        return built;
    }

    private async Task<bool> StepAsync(string title, params string[] arguments)
    {
        Console.WriteLine($"{title}...");
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo(DotnetHost.Executable) { WorkingDirectory = repository, UseShellExecute = false };
        foreach (var argument in arguments.Concat(["-nologo", "-v:q", "-clp:ErrorsOnly"]))
        {
            start.ArgumentList.Add(argument);
        }
        using var step = Process.Start(start)!;
        await step.WaitForExitAsync();
        Console.WriteLine(step.ExitCode == 0 ? $"  done in {clock.Elapsed.TotalSeconds:0.0} s" : $"  failed (exit code {step.ExitCode})");
        return step.ExitCode == 0;
    }
}
