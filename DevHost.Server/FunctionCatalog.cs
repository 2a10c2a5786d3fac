using System.Reflection;
using EventWizard.Shared.Hosting;

namespace EventWizard.DevHost;

/// <summary>Every function in the functions/*.functions.metadata copied next to this host, with its entry point resolved.</summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDescriptor> Load(string directory) =>
        [.. FunctionMetadata.Load(directory).Select(function => new FunctionDescriptor(function, ResolveEntryPoint(function)))];

    private static MethodInfo ResolveEntryPoint(FunctionMetadata function)
    {
        var assembly = Assembly.Load(Path.GetFileNameWithoutExtension(function.ScriptFile));
        var split = function.EntryPoint.LastIndexOf('.');
        var type = assembly.GetType(function.EntryPoint[..split], throwOnError: true)!;
        return type.GetMethod(function.EntryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            ?? throw new InvalidOperationException($"Entry point {function.EntryPoint} not found in {function.ScriptFile}.");
    }
}
