using EventWizard.Shared.Hosting;

namespace EventWizard.Tests.Contract;

/// <summary>
/// The document and the three apps' functions (their functions.metadata, the file the Functions host builds its routes
/// from) name the same routes: every HTTP function is an operation with its function's name as operationId and its
/// apps as tags, and every operation is a function. The catch-all Fallback is the one exception (x-fallback).
/// </summary>
public sealed class OpenApiRoutesTests
{
    private const string Fallback = "Fallback";

    [Fact]
    public void Every_HTTP_function_is_an_operation_of_the_document_and_every_operation_is_a_function()
    {
        var prefix = RouteTable.ReadRoutePrefix(AppContext.BaseDirectory);
        var http = FunctionMetadata.Load(AppContext.BaseDirectory).Where(f => f.IsHttp).ToList();
        var problems = http.Where(f => IsCatchAll(f) != (f.Name == Fallback))
            .Select(f => $"{f.App}.{f.Name} (route {f.Route}): only the Fallback function may have a catch-all route, and it must.")
            .ToList();

        var functions = http.Where(f => !IsCatchAll(f))
            .SelectMany(f => f.Methods.Select(method => (Key: $"{method} /{prefix}/{f.Route}", Function: f)))
            .GroupBy(x => x.Key, x => x.Function, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var operations = ContractDocument.Served.Operations()
            .ToDictionary(o => $"{o.Method} {o.Path}", o => o.Operation, StringComparer.Ordinal);

        foreach (var (route, implementations) in functions.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var names = implementations.Select(f => f.Name).Distinct().ToList();
            var apps = implementations.Select(f => AppTag(f.App)).Order(StringComparer.Ordinal).ToList();
            if (!operations.TryGetValue(route, out var operation))
            {
                problems.Add($"{route} (function {string.Join("/", names)} of {string.Join(", ", apps)}) is not in docs/openapi.json.");
                continue;
            }
            var operationId = operation.GetProperty("operationId").GetString();
            if (names is not [var name] || name != operationId)
            {
                problems.Add($"{route}: operationId is {operationId}, the function is {string.Join(", ", names)}.");
            }
            var tags = operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal).ToList();
            if (!tags.SequenceEqual(apps))
            {
                problems.Add($"{route}: tagged {string.Join(", ", tags)}, served by {string.Join(", ", apps)}.");
            }
        }
        foreach (var (route, operation) in operations.Where(o => !functions.ContainsKey(o.Key)).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            problems.Add($"{route} (operationId {operation.GetProperty("operationId").GetString()}) is in docs/openapi.json but no app has that function.");
        }

        Assert.True(problems.Count == 0, "docs/openapi.json and the functions disagree:\n" + string.Join("\n", problems));
    }

    private static bool IsCatchAll(FunctionMetadata function) => function.Route!.Contains("{*", StringComparison.Ordinal);

    /// <summary>The tag of an app: its project name without the <c>.Functions</c> suffix (<c>WizardSession</c>).</summary>
    private static string AppTag(string app) => app.Replace("EventWizard.", "", StringComparison.Ordinal).Replace(".Functions", "", StringComparison.Ordinal);
}
