using System.Text.Json;

namespace EventWizard.Shared.Hosting;

/// <summary>
/// One function as the Functions SDK's generated functions.metadata describes it: the same file the Functions
/// host reads to build its route table, so the routes known here are the routes the host serves.
/// </summary>
public sealed record FunctionMetadata(string App, string Name, string ScriptFile, string EntryPoint, string? Route,
    IReadOnlyList<string> Methods, string? Schedule)
{
    public bool IsHttp => Route is not null;
    public bool IsTimer => Schedule is not null;

    /// <summary>
    /// The functions served from <paramref name="directory"/>: every functions/*.functions.metadata there (the
    /// DevHost's and the tests' output, which hold all three apps; build/FunctionMetadata.targets copies them), else
    /// the app's own functions.metadata (a function app's output). The functions/ folder comes first because a
    /// project that references a function app also receives that app's functions.metadata.
    /// </summary>
    public static IReadOnlyList<FunctionMetadata> Load(string directory)
    {
        var perApp = Path.Combine(directory, "functions");
        var own = Path.Combine(directory, "functions.metadata");
        var files = Directory.Exists(perApp)
            ? Directory.GetFiles(perApp, "*.functions.metadata").Order(StringComparer.Ordinal).ToArray()
            : File.Exists(own) ? [own] : [];
        if (files.Length == 0)
        {
            throw new InvalidOperationException(
                $"No functions.metadata found in {directory}. Build the solution (dotnet build) so the Functions SDK generates it.");
        }
        return [.. files.SelectMany(ReadFile)];
    }

    private static IEnumerable<FunctionMetadata> ReadFile(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var function in document.RootElement.EnumerateArray())
        {
            yield return Describe(function);
        }
    }

    private static FunctionMetadata Describe(JsonElement function)
    {
        var name = function.GetProperty("name").GetString()!;
        var scriptFile = function.GetProperty("scriptFile").GetString()!;
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
        return new FunctionMetadata(Path.GetFileNameWithoutExtension(scriptFile), name, scriptFile,
            function.GetProperty("entryPoint").GetString()!, route, methods, schedule);
    }
}
