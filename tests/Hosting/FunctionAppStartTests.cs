using System.Diagnostics;

namespace EventWizard.Tests.Hosting;

/// <summary>
/// Each function app's own worker process, started from its build output as the Functions host starts it (the host's
/// gRPC address in the environment; nothing listens there), refuses to start on bad settings and names them: the
/// settings are checked before the worker would connect to the host.
/// </summary>
public sealed class FunctionAppStartTests
{
    public static TheoryData<string> Apps => [.. FunctionApps.Names];

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task Without_database_settings_the_app_refuses_to_start_naming_the_setting(string app)
    {
        var (exitCode, output) = await StartWorkerAsync(app, new Dictionary<string, string>
        {
            ["Auth__Issuer"] = "issuer",
            ["Auth__Audience"] = "audience",
            ["Auth__SigningKey"] = new string('k', 32),
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Database__ConnectionString is not set", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Auth__", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_value_stops_the_timer_app_with_the_setting_named()
    {
        var (exitCode, output) = await StartWorkerAsync("Cleanup.Functions", new Dictionary<string, string>
        {
            ["Database__ConnectionString"] = "Host=127.0.0.1;Port=9;Database=none;Username=nobody",
            ["Auth__Issuer"] = "issuer",
            ["Auth__Audience"] = "audience",
            ["Auth__SigningKey"] = new string('k', 32),
            ["Cleanup__TimeBudget"] = "4 minutes",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Cleanup__TimeBudget", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Database__", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> StartWorkerAsync(string app, Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo(ChildProcess.Dotnet) { ArgumentList = { $"{app}.dll" }, WorkingDirectory = FunctionApps.OutputOf(app) };
        start.Environment.Clear();
        foreach (var inherited in new[] { "PATH", "HOME", "DOTNET_ROOT" })
        {
            if (Environment.GetEnvironmentVariable(inherited) is { } value)
            {
                start.Environment[inherited] = value;
            }
        }
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["Functions__Worker__HostEndpoint"] = "http://127.0.0.1:9";
        start.Environment["Functions__Worker__WorkerId"] = Guid.NewGuid().ToString();
        start.Environment["Functions__Worker__RequestId"] = Guid.NewGuid().ToString();
        start.Environment["Functions__Worker__GrpcMaxMessageLength"] = "2147483647";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }
        var (exitCode, output, error) = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(1));
        return (exitCode, output + error);
    }
}
