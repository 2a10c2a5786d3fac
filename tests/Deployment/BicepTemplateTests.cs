using System.Text.Json;

namespace EventWizard.Tests.Deployment;

/// <summary>infra/ compiles and lints clean: any diagnostic, warning or error, fails (infra/bicepconfig.json raises the rules).</summary>
public sealed class BicepTemplateTests
{
    [Fact]
    public async Task Main_bicep_builds_without_any_diagnostic()
    {
        var template = await BicepCli.MainTemplateAsync();

        Assert.Equal(8, BicepCli.ResourcesOf(template).Count(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments"));
    }

    [Fact]
    public async Task Main_bicep_lints_without_any_diagnostic()
    {
        var lint = await BicepCli.RunAsync("lint", Path.Combine(BicepCli.InfraFolder, "main.bicep"));

        Assert.True(lint.ExitCode == 0 && lint.Output.Trim().Length == 0 && lint.Error.Trim().Length == 0,
            $"bicep lint infra/main.bicep (exit {lint.ExitCode}):\n{lint.Output}\n{lint.Error}");
    }

    [Fact]
    public async Task The_lint_fails_on_what_the_linter_reports_by_default_as_a_warning()
    {
        var copy = Directory.CreateTempSubdirectory("bicep-lint-").FullName;
        try
        {
            CopyFolder(BicepCli.InfraFolder, copy);
            await File.AppendAllTextAsync(Path.Combine(copy, "main.bicep"), "\nparam neverUsed string = ''\n");

            var lint = await BicepCli.RunAsync("lint", Path.Combine(copy, "main.bicep"));

            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains("no-unused-params", lint.Output + lint.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task The_parameters_file_gives_every_required_parameter_and_no_unknown_one()
    {
        var declared = (await BicepCli.MainTemplateAsync()).GetProperty("parameters").EnumerateObject().ToList();
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(BicepCli.InfraFolder, "main.parameters.json")));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Empty(given.Except(declared.Select(p => p.Name)));
        Assert.Empty(declared.Where(p => !p.Value.TryGetProperty("defaultValue", out _)).Select(p => p.Name).Except(given));
    }

    [Fact]
    public void Infra_uses_no_registry_modules_so_it_builds_offline()
    {
        var registryModules = Directory.EnumerateFiles(BicepCli.InfraFolder, "*.bicep", SearchOption.AllDirectories)
            .Where(file => File.ReadAllText(file).Contains("'br:", StringComparison.Ordinal) || File.ReadAllText(file).Contains("'br/", StringComparison.Ordinal));

        Assert.Empty(registryModules);
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
