extern alias JsonSchemaNet;

using System.Collections.Concurrent;
using System.Text.Json;
using EventWizard.Shared.OpenApi;
using JsonSchemaNet::Json.Schema;

namespace EventWizard.Tests.Contract;

/// <summary>
/// The OpenAPI document as the contract tests read it: its operations by method and path template, its responses
/// (references followed), and the JSON Schema of any place in it, with <c>$ref</c>s resolved into the document.
/// </summary>
public sealed class ContractDocument
{
    public const string RoutePrefix = "/api";


    private static readonly Lazy<ContractDocument> ServedDocument = new(() => Parse(new OpenApiDocument().Bytes));

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.Hierarchical,
        RequireFormatValidation = true,
    };

    private readonly BuildOptions build;

    /// <summary>Where the document is registered for <c>$ref</c> resolution: an identifier, never fetched, one per document.</summary>
    private readonly Uri baseUri = new($"https://event-wizard.test/{Guid.NewGuid():N}/openapi.json");
    private readonly ConcurrentDictionary<string, Lazy<JsonSchema>> schemas = new(StringComparer.Ordinal);

    private ContractDocument(JsonElement root)
    {
        Root = root;
        build = new BuildOptions { Dialect = Dialect.Draft202012 };
        build.SchemaRegistry.Register(baseUri, new JsonElementBaseDocument(root, baseUri));
    }

    /// <summary>The document every app serves (docs/openapi.json, embedded in Shared).</summary>
    public static ContractDocument Served => ServedDocument.Value;

    public JsonElement Root { get; }

    public static ContractDocument Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return new ContractDocument(document.RootElement.Clone());
    }

    /// <summary>Every operation: its path template (<c>/api/...</c>), upper-case method and operation object.</summary>
    public IEnumerable<(string Path, string Method, JsonElement Operation)> Operations()
    {
        foreach (var path in Root.GetProperty("paths").EnumerateObject())
        {
            foreach (var item in path.Value.EnumerateObject().Where(item => HttpMethods.Contains(item.Name)))
            {
                yield return (path.Name, item.Name.ToUpperInvariant(), item.Value);
            }
        }
    }

    /// <summary>
    /// The path template a request path falls under (the one with the most literal segments when several do), or null.
    /// Literal segments compare case-insensitively, as the hosts route; a parameter takes any one segment.
    /// </summary>
    public string? TemplateOf(string requestPath)
    {
        var segments = requestPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return Root.GetProperty("paths").EnumerateObject()
            .Select(path => (path.Name, Segments: path.Name.Split('/', StringSplitOptions.RemoveEmptyEntries)))
            .Where(path => path.Segments.Length == segments.Length && path.Segments.Zip(segments).All(pair =>
                IsParameter(pair.First) || pair.First.Equals(Uri.UnescapeDataString(pair.Second), StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(path => path.Segments.Count(segment => !IsParameter(segment)))
            .Select(path => path.Name)
            .FirstOrDefault();
    }

    /// <summary>The operation for a method on a path template, with its JSON pointer; null when the path has no such method.</summary>
    public (JsonElement Operation, string Pointer)? OperationOf(string template, string method)
    {
        var pathItem = Root.GetProperty("paths").GetProperty(template);
        var name = method.ToLowerInvariant();
        return pathItem.TryGetProperty(name, out var operation)
            ? (operation, $"#/paths/{Escape(template)}/{name}")
            : null;
    }

    /// <summary>
    /// Follows <paramref name="element"/>'s <c>$ref</c> (a local reference into this document), if it has one, and
    /// returns what it names with that place's JSON pointer.
    /// </summary>
    public (JsonElement Element, string Pointer) Resolve(JsonElement element, string pointer)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            pointer = reference.GetString()!;
            element = At(pointer);
        }
        return (element, pointer);
    }

    /// <summary>The element a local reference (<c>#/components/...</c>) names.</summary>
    public JsonElement At(string pointer)
    {
        if (!pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Only local references are supported, not {pointer}.");
        }
        var element = Root;
        foreach (var token in pointer[2..].Split('/'))
        {
            var name = Uri.UnescapeDataString(token).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (!element.TryGetProperty(name, out element))
            {
                throw new InvalidOperationException($"The document has nothing at {pointer}.");
            }
        }
        return element;
    }

    /// <summary>The errors of <paramref name="instance"/> against the schema at <paramref name="schemaPointer"/>; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(string schemaPointer, JsonElement instance)
    {
        var schema = schemas.GetOrAdd(schemaPointer, pointer => new Lazy<JsonSchema>(() =>
        {
            using var reference = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["$ref"] = baseUri + pointer }));
            return JsonSchema.Build(reference.RootElement.Clone(), build);
        })).Value;
        var errors = new List<string>();
        CollectErrors(schema.Evaluate(instance, Evaluation), errors);
        return [.. errors.Distinct()];
    }

    /// <summary>
    /// The errors of the failed nodes whose parents failed too: a branch of a oneOf or anyOf that passed as a whole
    /// reports nothing, so the message names only what made the body invalid.
    /// </summary>
    private static void CollectErrors(EvaluationResults node, List<string> errors)
    {
        if (node.IsValid)
        {
            return;
        }
        var at = node.InstanceLocation.ToString() is { Length: > 0 } location ? location : "(body)";
        errors.AddRange((node.Errors ?? new Dictionary<string, string>()).Select(error => $"{at}: {error.Value} [{node.EvaluationPath}]"));
        foreach (var child in node.Details ?? [])
        {
            CollectErrors(child, errors);
        }
    }

    /// <summary>A property name as a token of a JSON pointer in a URI fragment (<c>~</c> and <c>/</c> escaped, then percent-encoded).</summary>
    public static string Escape(string name) =>
        Uri.EscapeDataString(name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));

    private static readonly HashSet<string> HttpMethods = new(StringComparer.Ordinal)
    {
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    };

    private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');
}
