namespace EventWizard.Tests.Browser;

/// <summary>The Chromium the browser tests drive: Debian's <c>chromium</c> package, never a browser Playwright downloads.</summary>
public static class Chromium
{
    /// <summary>
    /// Headless as root on a machine whose only network is loopback: no sandbox (Chromium refuses root with one), no
    /// GPU, and none of the background connections (updates, sync, QUIC probes) that would be refused at every start.
    /// </summary>
    public static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private static readonly string[] ExecutableNames = ["chromium", "chromium-browser"];

    /// <summary>The chromium executable on PATH, or an error that says how to install it.</summary>
    public static string Executable()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return ExecutableNames.SelectMany(name => directories.Select(directory => Path.Combine(directory, name))).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "Chromium is missing: the browser tests (tests/Browser) drive a real headless Chromium, found on PATH as " +
                "'chromium' or 'chromium-browser'. On Debian install it with 'sudo apt-get install -y chromium' (.ci/run does); " +
                "elsewhere put a Chromium of that name on PATH. Playwright's own browser download is not used.");
    }
}
