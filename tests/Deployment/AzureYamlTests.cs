using System.Text.RegularExpressions;
using EventWizard.Tests.Hosting;

namespace EventWizard.Tests.Deployment;

/// <summary>azure.yaml (azd) deploys the three apps, and its migration hook reads only what infra/main.bicep outputs.</summary>
public sealed partial class AzureYamlTests
{
    private static readonly string AzureYaml = File.ReadAllText(Path.Combine(FunctionApps.RepositoryRoot, "azure.yaml"));

    /// <summary>Set by the preprovision hook (or by hand), not by the template.</summary>
    private const string DatabaseAdminName = "AZURE_DATABASE_ADMIN_NAME";

    [Theory]
    [InlineData("WizardSession.Functions", "wizard-session")]
    [InlineData("PublishEvent.Functions", "publish-event")]
    [InlineData("Cleanup.Functions", "cleanup")]
    public void Each_app_is_an_azd_function_service_named_as_its_bicep_module(string app, string service)
    {
        Assert.Contains($"  {service}:\n    project: ./{app}\n    language: dotnet\n    host: function\n", AzureYaml, StringComparison.Ordinal);
        Assert.Contains($"'azd-service-name': serviceName", File.ReadAllText(Path.Combine(BicepCli.InfraFolder, "modules", "function-app.bicep")),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_migration_hook_runs_tools_Migrate_with_values_the_template_outputs()
    {
        var outputs = (await BicepCli.MainTemplateAsync()).GetProperty("outputs").EnumerateObject().Select(o => o.Name).ToHashSet();
        var used = EnvironmentVariable().Matches(AzureYaml).Select(m => m.Groups["name"].Value).Distinct().ToList();

        Assert.Contains("dotnet run --project tools/Migrate", AzureYaml, StringComparison.Ordinal);
        Assert.Contains(DatabaseAdminName, used);
        Assert.DoesNotContain(used, name => name != DatabaseAdminName && !outputs.Contains(name));
    }

    [GeneratedRegex(@"\$(env:)?(?<name>AZURE_[A-Z_]+)")]
    private static partial Regex EnvironmentVariable();
}
