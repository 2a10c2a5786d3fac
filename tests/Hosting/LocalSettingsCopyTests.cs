using System.Diagnostics;
using System.Text.Json;

namespace EventWizard.Tests.Hosting;

/// <summary>
/// The root local.settings.json reaches every app's build output, where Core Tools (and a host started on the output)
/// reads it. Built in a copy of the sources in a temporary folder with a local.settings.json of its own, so the working
/// tree is left as it was and no other test sees the file.
/// </summary>
public sealed class LocalSettingsCopyTests
{
    private static readonly string[] Copied =
        ["Directory.Build.props", "Directory.Packages.props", ".editorconfig", "host.json", "local.settings.sample.json", "EventWizard.sln",
         "build", "sql", "Shared", .. FunctionApps.Names];

    [Fact]
    public async Task The_root_local_settings_json_is_copied_into_every_app_output()
    {
        var copy = Directory.CreateTempSubdirectory("event-wizard-hosting-").FullName;
        try
        {
            CopySources(copy);
            var marker = Guid.NewGuid().ToString();
            await File.WriteAllTextAsync(Path.Combine(copy, "local.settings.json"),
                JsonSerializer.Serialize(new { IsEncrypted = false, Values = new { FUNCTIONS_WORKER_RUNTIME = "dotnet-isolated", Marker = marker } }));
            await File.WriteAllTextAsync(Path.Combine(copy, "apps.slnf"), JsonSerializer.Serialize(new
            {
                solution = new { path = "EventWizard.sln", projects = (string[])["Shared\\Shared.csproj", .. FunctionApps.Names.Select(app => $"{app}\\{app}.csproj")] },
            }));

            await BuildAsync(copy, "apps.slnf");

            foreach (var app in FunctionApps.Names)
            {
                var settings = Path.Combine(FunctionApps.OutputOf(app, copy), "local.settings.json");
                Assert.True(File.Exists(settings), $"{app}: no local.settings.json in its output");
                using var document = JsonDocument.Parse(await File.ReadAllTextAsync(settings));
                Assert.Equal(marker, document.RootElement.GetProperty("Values").GetProperty("Marker").GetString());
            }
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void CopySources(string destination)
    {
        foreach (var entry in Copied)
        {
            var source = Path.Combine(FunctionApps.RepositoryRoot, entry);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(destination, entry));
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(FunctionApps.RepositoryRoot, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                {
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(destination, relative))!);
                File.Copy(file, Path.Combine(destination, relative));
            }
        }
    }

    private static async Task BuildAsync(string folder, string solution)
    {
        var (exitCode, output) = await ChildProcess.RunAsync(new ProcessStartInfo(ChildProcess.Dotnet)
        {
            ArgumentList = { "build", solution, "-c", FunctionApps.Configuration, "-nologo", "-clp:ErrorsOnly", "-nodeReuse:false" },
            WorkingDirectory = folder,
        }, TimeSpan.FromMinutes(10));
        Assert.True(exitCode == 0, $"dotnet build failed ({exitCode}):\n{output}");
    }
}
