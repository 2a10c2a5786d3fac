using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using EventWizard.Tests.Hosting;

namespace EventWizard.Tests.Deployment;

/// <summary>
/// The Bicep CLI restored from NuGet (Azure.Bicep.CommandLine.linux-x64, a PackageDownload of the test project), and
/// infra/main.bicep compiled once per run to the ARM JSON Azure would deploy.
/// </summary>
public static class BicepCli
{
    public static readonly string InfraFolder = Path.Combine(FunctionApps.RepositoryRoot, "infra");

    private static readonly Lazy<Task<JsonElement>> CompiledMain = new(async () =>
    {
        var build = await RunAsync("build", Path.Combine(InfraFolder, "main.bicep"), "--stdout");
        Assert.True(build.ExitCode == 0 && build.Error.Length == 0, $"bicep build infra/main.bicep: {build.Error}");
        return JsonDocument.Parse(build.Output).RootElement.Clone();
    });

    /// <summary>The NuGet package folder's bicep, as the test project's build found it.</summary>
    public static string Executable { get; } = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepPath").Value!;

    public static Task<JsonElement> MainTemplateAsync() => CompiledMain.Value;

    /// <summary>A template's resources: an array, or an object by symbolic name when Bicep needs ARM's languageVersion 2.0.</summary>
    public static IEnumerable<JsonElement> ResourcesOf(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        return resources.ValueKind == JsonValueKind.Object ? resources.EnumerateObject().Select(r => r.Value) : resources.EnumerateArray();
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: restore the test project (its PackageDownload of the Bicep CLI).");
        // A package's files need not keep their executable bit when restored. (The package is the linux-x64 CLI.)
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(Executable).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(Executable, File.GetUnixFileMode(Executable) | UnixFileMode.UserExecute);
        }
        var start = new ProcessStartInfo(Executable) { WorkingDirectory = FunctionApps.RepositoryRoot };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(3));
    }
}
