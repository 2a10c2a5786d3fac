using System.Diagnostics;

namespace EventWizard.Tests.Hosting;

/// <summary>Runs a command to its end (killed after <c>timeout</c>) and returns its exit code and what it printed on each stream.</summary>
public static class ChildProcess
{
    /// <summary>The dotnet executable running these tests (set by the SDK for the processes it starts), else dotnet on PATH.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not end within {timeout}.");
        }
        return (process.ExitCode, await output, await error);
    }
}
