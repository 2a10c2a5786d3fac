namespace EventWizard.Tests.Contract;

/// <summary>Files of the repository the tests run from (found by walking up from the test output to EventWizard.sln).</summary>
public static class Repository
{
    private static readonly Lazy<string> RootDirectory = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EventWizard.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No EventWizard.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    });

    public static string Root => RootDirectory.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
