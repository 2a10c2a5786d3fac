using System.Diagnostics;
using System.Text.Json;

namespace EventWizard.Tests.Contract;

/// <summary>
/// docs/openapi.json lints clean with Redocly CLI (tools/package.json, installed by the test build) on the recommended
/// rules with every warning an error (tools/redocly.yaml; the deliberate exceptions in tools/.redocly.lint-ignore.yaml).
/// </summary>
public sealed class OpenApiLintTests
{
    [Fact]
    public async Task The_OpenAPI_document_lints_without_errors_or_warnings()
    {
        var tools = Repository.PathOf("tools");
        var cli = Path.Combine(tools, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"{cli} is missing: build the tests (dotnet build runs npm ci in tools/).");

        var (exitCode, output, errors) = await RunAsync(tools, "node", cli, "lint", Repository.PathOf("docs", "openapi.json"),
            "--config", "redocly.yaml", "--format=json");

        using var report = JsonDocument.Parse(output.Length > 0 ? output : "{}");
        Assert.True(report.RootElement.TryGetProperty("totals", out var totals), $"Redocly printed no report (exit {exitCode}):\n{errors}");
        var problems = report.RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()} at " +
                $"{string.Join(", ", p.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString()))}: " +
                p.GetProperty("message").GetString())
            .ToList();
        Assert.True(totals.GetProperty("errors").GetInt32() == 0 && totals.GetProperty("warnings").GetInt32() == 0 && exitCode == 0,
            $"docs/openapi.json does not lint clean (exit {exitCode}):\n{string.Join("\n", problems)}");
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string directory, string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // No telemetry and no update check: a lint needs nothing from the network.
            Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["NO_COLOR"] = "1" },
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
