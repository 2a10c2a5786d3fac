using System.Reflection;
using System.Text.Json;

namespace EventWizard.DevHost;

/// <summary>Reads every functions/*.functions.metadata copied next to this host and resolves each entry point.</summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDescriptor> Load(string directory)
    {
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.functions.metadata") : [];
        if (files.Length == 0)
        {
            throw new InvalidOperationException(
                $"No functions.metadata found in {directory}. Build the solution (dotnet build) so the Functions SDK generates them.");
        }
        return [.. files.Order(StringComparer.Ordinal).SelectMany(ReadFile)];
    }

    private static IEnumerable<FunctionDescriptor> ReadFile(string path)
    {
        var app = Path.GetFileName(path).Replace(".functions.metadata", "", StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var function in document.RootElement.EnumerateArray())
        {
            yield return Describe(app, function);
        }
    }

    private static FunctionDescriptor Describe(string app, JsonElement function)
    {
        var name = function.GetProperty("name").GetString()!;
        var scriptFile = function.GetProperty("scriptFile").GetString()!;
        var entryPoint = function.GetProperty("entryPoint").GetString()!;
        var method = ResolveEntryPoint(scriptFile, entryPoint);
        string? route = null;
        string? schedule = null;
        IReadOnlyList<string> methods = [];
        foreach (var binding in function.GetProperty("bindings").EnumerateArray())
        {
            switch (binding.GetProperty("type").GetString())
            {
                case "httpTrigger":
                    route = binding.TryGetProperty("route", out var r) && r.GetString() is { Length: > 0 } value ? value : name;
                    methods = binding.TryGetProperty("methods", out var m)
                        ? [.. m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant())]
                        : ["GET", "POST", "PUT", "PATCH", "DELETE"];
                    break;
                case "timerTrigger":
                    schedule = binding.GetProperty("schedule").GetString();
                    break;
            }
        }
        return new FunctionDescriptor(app, name, entryPoint, method, route, methods, schedule);
    }

    private static MethodInfo ResolveEntryPoint(string scriptFile, string entryPoint)
    {
        var assembly = Assembly.Load(Path.GetFileNameWithoutExtension(scriptFile));
        var split = entryPoint.LastIndexOf('.');
        var type = assembly.GetType(entryPoint[..split], throwOnError: true)!;
        return type.GetMethod(entryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            ?? throw new InvalidOperationException($"Entry point {entryPoint} not found in {scriptFile}.");
    }
}
