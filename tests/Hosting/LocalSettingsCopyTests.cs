using System.Diagnostics;
using System.Text.Json;

namespace EventWizard.Tests.Hosting;

/// <summary>
/// The root local.settings.json goes into every app's build output, where Core Tools (and a host started on the output)
/// reads it. Checked on the items MSBuild copies to the output, in a copy of the project files (no sources: evaluating
/// is enough, building a copy took over 10 minutes on a busy machine) with a local.settings.json of its own, so the
/// working tree is left as it was and no other test sees the file. That the copied files really land in the output is
/// the SDK's part; FunctionAppOutputTests checks the solution build's output for the rest.
/// </summary>
public sealed class LocalSettingsCopyTests
{
    private static readonly string[] ProjectFiles =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "host.json", "local.settings.sample.json",
         "EventWizard.sln", "build/FunctionApp.targets", "Shared/Shared.csproj", .. FunctionApps.Names.Select(app => $"{app}/{app}.csproj")];

    [Fact]
    public async Task The_root_local_settings_json_goes_into_every_app_output_unless_the_app_has_its_own()
    {
        var copy = Directory.CreateTempSubdirectory("event-wizard-hosting-").FullName;
        try
        {
            CopyProjectFiles(copy);
            var root = Path.Combine(copy, "local.settings.json");
            await File.WriteAllTextAsync(root, """{ "IsEncrypted": false, "Values": {} }""");
            var own = Path.Combine(copy, "Cleanup.Functions", "local.settings.json");
            await RunDotnetAsync(copy, "restore", "apps.slnf");

            foreach (var app in FunctionApps.Names)
            {
                Assert.Equal(root, await LocalSettingsCopiedToOutputAsync(copy, app));
            }
            await File.WriteAllTextAsync(own, """{ "IsEncrypted": false, "Values": {} }""");
            Assert.Equal(own, await LocalSettingsCopiedToOutputAsync(copy, "Cleanup.Functions"));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>The one local.settings.json the build of <paramref name="app"/> copies to its output (never on publish).</summary>
    private static async Task<string> LocalSettingsCopiedToOutputAsync(string copy, string app)
    {
        var items = await RunDotnetAsync(copy, "msbuild", $"{app}/{app}.csproj", "-getItem:None", $"-p:Configuration={FunctionApps.Configuration}");
        using var document = JsonDocument.Parse(items);
        var settings = document.RootElement.GetProperty("Items").GetProperty("None").EnumerateArray()
            .Where(item => TargetPath(item) == "local.settings.json")
            .ToList();
        var copied = Assert.Single(settings);
        Assert.Equal("PreserveNewest", copied.GetProperty("CopyToOutputDirectory").GetString());
        Assert.Equal("Never", copied.GetProperty("CopyToPublishDirectory").GetString());
        return Path.GetFullPath(Path.Combine(copy, app, copied.GetProperty("Identity").GetString()!));
    }

    private static string TargetPath(JsonElement item) =>
        item.TryGetProperty("Link", out var link) && link.GetString() is { Length: > 0 } linked ? linked : item.GetProperty("Identity").GetString()!;

    private static void CopyProjectFiles(string destination)
    {
        foreach (var file in ProjectFiles)
        {
            var target = Path.Combine(destination, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(FunctionApps.RepositoryRoot, file), target);
        }
        File.WriteAllText(Path.Combine(destination, "apps.slnf"), JsonSerializer.Serialize(new
        {
            solution = new { path = "EventWizard.sln", projects = (string[])["Shared\\Shared.csproj", .. FunctionApps.Names.Select(app => $"{app}\\{app}.csproj")] },
        }));
    }

    private static async Task<string> RunDotnetAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(ChildProcess.Dotnet) { WorkingDirectory = folder };
        foreach (var argument in arguments.Concat(["-nologo", "-nodeReuse:false"]))
        {
            start.ArgumentList.Add(argument);
        }
        var (exitCode, output, error) = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(5));
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({exitCode}):\n{output}\n{error}");
        return output;
    }
}
