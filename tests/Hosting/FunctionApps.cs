using System.Reflection;

namespace EventWizard.Tests.Hosting;

/// <summary>The three function apps of the solution and where the solution build put each one's output.</summary>
public static class FunctionApps
{
    public static readonly string[] Names = ["WizardSession.Functions", "PublishEvent.Functions", "Cleanup.Functions"];

    /// <summary>The folder holding EventWizard.sln, found upwards from this test assembly's output.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Debug or Release: the configuration this test assembly, and so the solution, was built in.</summary>
    public static string Configuration { get; } =
        typeof(FunctionApps).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    /// <summary>The target framework folder (net10.0): the same for the apps as for this test assembly.</summary>
    public static string TargetFramework { get; } = new DirectoryInfo(AppContext.BaseDirectory).Name;

    /// <summary>The build output of <paramref name="app"/> under <paramref name="root"/> (the repository, or a copy of it).</summary>
    public static string OutputOf(string app, string? root = null) =>
        Path.Combine(root ?? RepositoryRoot, app, "bin", Configuration, TargetFramework);

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "EventWizard.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"EventWizard.sln not found above {AppContext.BaseDirectory}.");
    }
}
