using System.Text.Json;

namespace EventWizard.Shared.Hosting;

/// <summary>
/// The HTTP routes this process serves, from functions.metadata and host.json's route prefix: what answers
/// an unknown route (404), a known route with another method (405 with <c>Allow</c>) and a CORS preflight (the
/// route's methods). A catch-all route (the fallback function itself) is left out.
/// </summary>
public sealed class RouteTable
{
    private readonly List<(string[] Segments, string[] Methods, string Template)> routes = [];

    public RouteTable(IEnumerable<FunctionMetadata> functions, string routePrefix)
    {
        RoutePrefix = routePrefix;
        var byTemplate = new Dictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var function in functions.Where(f => f.IsHttp && !f.Route!.Contains("{*", StringComparison.Ordinal)))
        {
            var template = string.Join('/', new[] { routePrefix, function.Route! }.Where(part => part.Length > 0));
            if (!byTemplate.TryGetValue(template, out var methods))
            {
                byTemplate[template] = methods = new SortedSet<string>(StringComparer.Ordinal);
            }
            methods.UnionWith(function.Methods);
        }
        foreach (var (template, methods) in byTemplate)
        {
            routes.Add((template.Split('/', StringSplitOptions.RemoveEmptyEntries), [.. methods], "/" + template));
        }
    }

    /// <summary>host.json's route prefix (<c>api</c>).</summary>
    public string RoutePrefix { get; }

    /// <summary>The routes of the app (or apps) whose output is <paramref name="directory"/>.</summary>
    public static RouteTable Load(string directory) =>
        new(FunctionMetadata.Load(directory), ReadRoutePrefix(directory));

    /// <summary>The methods of the route <paramref name="path"/> matches, or null when no route matches it.</summary>
    public IReadOnlyList<string>? MethodsOf(string path) => Match(path).Methods;

    /// <summary>The template of the route <paramref name="path"/> matches (<c>/api/wizard-session/{sessionId}</c>), or null.</summary>
    public string? TemplateOf(string path) => Match(path).Template;

    private (string[] Segments, string[] Methods, string Template) Match(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return routes.FirstOrDefault(route => Matches(route.Segments, segments));
    }

    private static bool Matches(string[] template, string[] segments) =>
        template.Length == segments.Length
        && template.Zip(segments).All(pair => IsParameter(pair.First) || pair.First.Equals(pair.Second, StringComparison.OrdinalIgnoreCase));

    private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');

    /// <summary>host.json's <c>extensions.http.routePrefix</c>; <c>api</c>, the Functions default, when it is not set.</summary>
    public static string ReadRoutePrefix(string directory)
    {
        var hostJson = Path.Combine(directory, "host.json");
        if (!File.Exists(hostJson))
        {
            return "api";
        }
        using var document = JsonDocument.Parse(File.ReadAllText(hostJson));
        return document.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix) ? prefix.GetString() ?? "api" : "api";
    }
}
