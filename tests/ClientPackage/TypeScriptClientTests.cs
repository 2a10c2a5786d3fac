using System.Diagnostics;
using System.Text.Json;
using EventWizard.Tests.Contract;
using EventWizard.Tests.Hosting;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.ClientPackage;

/// <summary>
/// The TypeScript client's own tests (clients/typescript/test, Node's test runner), run against the shared test host:
/// the build compiles them (build/NodeTools.targets), this test hands them the API's address and how it checks
/// tokens (they sign real ones), and fails with what Node printed when any of them fails.
/// </summary>
public sealed class TypeScriptClientTests
{
    [Fact]
    public async Task The_client_package_tests_pass_against_the_DevHost()
    {
        var package = Repository.PathOf("clients", "typescript");
        Assert.True(File.Exists(Path.Combine(package, "test-build", ".built")),
            "clients/typescript is not compiled: build the tests (dotnet build runs npm ci and npm run build there).");
        var host = await TestHost.InstanceAsync();
        // The copilot's tests need a host whose copilot calls a fake model (the shared host has none).
        var copilot = new Copilot.CopilotHostFixture();
        await copilot.InitializeAsync();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { "--test", "--test-reporter=spec", "--test-timeout=60000", "test-build/test/" },
            WorkingDirectory = package,
            Environment =
            {
                ["EVENT_WIZARD_API"] = $"{host.BaseAddress}/api",
                ["EVENT_WIZARD_COPILOT_API"] = $"{copilot.Host.BaseAddress}/api",
                // The Node side signs tokens for tenants of its own, as the test host checks them (test/support.ts).
                ["EVENT_WIZARD_AUTH"] = JsonSerializer.Serialize(new { signingKey = TestHost.SigningKey, issuer = TestHost.Issuer, audience = TestHost.Audience }),
                ["NO_COLOR"] = "1",
            },
        };

        var loggedBefore = TestHost.Logs.Entries.Count;
        var (exitCode, output, errors) = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(5));
        await copilot.DisposeAsync();

        // The Node side sees a 500 only as "It has been logged": the host's log says what it was.
        Assert.True(exitCode == 0, $"The client's Node tests failed (exit {exitCode}):\n{output}\n{errors}\n" +
            $"The shared host's errors during the run:\n{ServerErrors.LoggedSince(loggedBefore)}");
    }
}
