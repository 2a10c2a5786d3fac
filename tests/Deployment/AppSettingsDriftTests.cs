using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventWizard.Shared.Hosting;

namespace EventWizard.Tests.Deployment;

/// <summary>
/// The app settings infra/main.bicep gives each function app (compiled to ARM JSON) against what the code reads: the
/// properties of every <see cref="ICheckedSettings"/> class under its Section, and the %Name% settings of the
/// function attributes. A setting the code binds and the Bicep forgets fails here, and so does a setting in the Bicep
/// that no code reads.
/// </summary>
public sealed partial class AppSettingsDriftTests
{
    private const string WizardSession = "WizardSession.Functions";
    private const string PublishEvent = "PublishEvent.Functions";
    private const string Cleanup = "Cleanup.Functions";
    private static readonly string[] AllApps = [WizardSession, PublishEvent, Cleanup];

    /// <summary>azd's service name (azure.yaml) of each app; main.bicep names the app's module deployment app-&lt;service&gt;.</summary>
    private static readonly Dictionary<string, string> Services = new()
    {
        [WizardSession] = "wizard-session",
        [PublishEvent] = "publish-event",
        [Cleanup] = "cleanup",
    };

    /// <summary>
    /// Which apps read each settings section. Every app validates every section at start, so an app may go without a
    /// section (its defaults are valid) but must not go without one it uses.
    /// </summary>
    private static readonly Dictionary<string, string[]> AppsBySection = new()
    {
        ["Database"] = AllApps,
        ["Auth"] = AllApps,
        ["Cors"] = AllApps,
        ["Resilience"] = AllApps,
        ["Stripe"] = [PublishEvent],
        ["Cleanup"] = [Cleanup],
        ["Copilot"] = [WizardSession],
    };

    /// <summary>Bound by the code, deliberately not set in Azure.</summary>
    private static readonly Dictionary<string, string> NotSetInAzure = new()
    {
        ["Database__OwnerConnectionString"] = "the apps hold no credential that can change the schema: tools/Migrate migrates, from the azd hook",
        ["Stripe__ApiBase"] = "only tests point the apps at another Stripe; empty is Stripe's own API",
    };

    /// <summary>Read by the Functions host or the Azure SDK, not by an options class; every app needs each one.</summary>
    private static readonly Dictionary<string, string> HostSettings = new()
    {
        ["AzureWebJobsStorage__accountName"] = "the host's storage account, reached with the identity (no key)",
        ["AzureWebJobsStorage__credential"] = "managedidentity: the host's storage access is identity-based",
        ["AzureWebJobsStorage__clientId"] = "which user-assigned identity the host uses for storage",
        ["AZURE_CLIENT_ID"] = "the user-assigned identity DefaultAzureCredential uses for the database token (Database__UseEntraAuth)",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "the host's (and the worker's) telemetry to Application Insights",
    };

    // ---- Settings being added on branches not merged yet (copilot). Delete this list once they are merged: the
    // ---- test then requires them from the code's own options classes, and fails while this list names a setting the
    // ---- code already binds.
    private static readonly Dictionary<string, string[]> SettingsBeingAdded = new()
    {
    };

    [Fact]
    public async Task Every_app_gets_exactly_the_settings_its_code_reads()
    {
        var problems = new List<string>();
        foreach (var app in AllApps)
        {
            var expected = ExpectedSettings(app);
            var actual = (await SettingsInBicepAsync(app)).Keys.ToHashSet(StringComparer.Ordinal);
            problems.AddRange(expected.Except(actual).Order(StringComparer.Ordinal)
                .Select(name => $"{app}: {name} is read by the code but infra/main.bicep does not set it."));
            problems.AddRange(actual.Except(expected).Order(StringComparer.Ordinal)
                .Select(name => $"{app}: {name} is set by infra/main.bicep but no code of this app reads it " +
                    "(Flex Consumption also refuses FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION: functionAppConfig.runtime says it)."));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Every_setting_value_is_a_string_as_app_settings_must_be()
    {
        foreach (var app in AllApps)
        {
            var notStrings = (await SettingsInBicepAsync(app)).Where(s => s.Value.ValueKind != JsonValueKind.String).Select(s => s.Key);

            Assert.Empty(notStrings);
        }
    }

    [Fact]
    public void Every_settings_section_is_assigned_to_the_apps_that_read_it()
    {
        var unassigned = BoundSettingsBySection().Keys.Where(section => !AppsBySection.ContainsKey(section));

        Assert.Empty(unassigned);
    }

    [Fact]
    public void The_lists_of_exceptions_name_only_what_they_are_about()
    {
        var bound = BoundSettingsBySection().Values.SelectMany(s => s).ToHashSet(StringComparer.Ordinal);

        Assert.All(NotSetInAzure.Keys, name => Assert.Contains(name, bound));
        Assert.All(SettingsBeingAdded.Values.SelectMany(s => s), name =>
            Assert.False(bound.Contains(name), $"{name} is bound by the code now: delete it from SettingsBeingAdded."));
    }

    [Fact]
    public async Task Each_app_module_runs_dotnet_isolated_10_on_flex_consumption_with_only_these_settings()
    {
        foreach (var app in AllApps)
        {
            var resources = BicepCli.ResourcesOf((await AppModuleAsync(app)).GetProperty("properties").GetProperty("template")).ToList();
            var site = resources.Single(r => r.GetProperty("type").GetString() == "Microsoft.Web/sites");
            var plan = resources.Single(r => r.GetProperty("type").GetString() == "Microsoft.Web/serverfarms");
            var settings = resources.Single(r => r.GetProperty("type").GetString() == "Microsoft.Web/sites/config");
            var runtime = site.GetProperty("properties").GetProperty("functionAppConfig").GetProperty("runtime");

            Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
            Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
            Assert.Equal("10.0", runtime.GetProperty("version").GetString());
            Assert.Equal("[union(parameters('commonSettings'), parameters('appSettings'))]", settings.GetProperty("properties").GetString());
        }
    }

    private static HashSet<string> ExpectedSettings(string app)
    {
        var fromOptions = BoundSettingsBySection()
            .Where(section => AppsBySection.GetValueOrDefault(section.Key, []).Contains(app))
            .SelectMany(section => section.Value)
            .Where(name => !NotSetInAzure.ContainsKey(name));
        return [.. fromOptions, .. AttributeSettings(app), .. HostSettings.Keys, .. SettingsBeingAdded.GetValueOrDefault(app, [])];
    }

    /// <summary>Section__Property of every settable property of every settings class the apps (and Shared) define.</summary>
    private static Dictionary<string, string[]> BoundSettingsBySection() =>
        AllApps.Select(app => Assembly.Load(new AssemblyName(app))).Append(typeof(ICheckedSettings).Assembly)
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(ICheckedSettings).IsAssignableFrom(type))
            .Distinct()
            .ToDictionary(
                type => (string)type.GetField("Section", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!,
                type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.CanWrite)
                    .Select(p => $"{type.GetField("Section")!.GetValue(null)}__{p.Name}")
                    .ToArray());

    /// <summary>The %Name% settings in the attributes of the app's functions' parameters, such as a timer's schedule.</summary>
    private static IEnumerable<string> AttributeSettings(string app) =>
        Assembly.Load(new AssemblyName(app)).GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(method => method.GetParameters().SelectMany(p => p.GetCustomAttributesData()).Concat(method.GetCustomAttributesData()))
            .SelectMany(attribute => attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(a => a.TypedValue)))
            .Select(argument => argument.Value as string ?? "")
            .SelectMany(value => SettingReference().Matches(value).Select(m => m.Groups["name"].Value))
            .Distinct();

    private static async Task<Dictionary<string, JsonElement>> SettingsInBicepAsync(string app)
    {
        var parameters = (await AppModuleAsync(app)).GetProperty("properties").GetProperty("parameters");
        return new[] { "commonSettings", "appSettings" }
            .SelectMany(name => parameters.GetProperty(name).GetProperty("value").EnumerateObject())
            .ToDictionary(setting => setting.Name, setting => setting.Value);
    }

    private static async Task<JsonElement> AppModuleAsync(string app)
    {
        var deployment = $"app-{Services[app]}";
        return BicepCli.ResourcesOf(await BicepCli.MainTemplateAsync()).Single(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments"
            && r.GetProperty("name").GetString() == deployment);
    }

    [GeneratedRegex("%(?<name>[A-Za-z0-9_:.-]+)%")]
    private static partial Regex SettingReference();
}
