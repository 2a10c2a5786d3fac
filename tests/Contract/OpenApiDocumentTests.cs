using System.Text.Json;

namespace EventWizard.Tests.Contract;

/// <summary>What the document promises of every response, checked on the document itself (the responses tests receive are checked by ContractCheckingHandler).</summary>
public sealed class OpenApiDocumentTests
{
    private static readonly ContractDocument Document = ContractDocument.Served;

    [Fact]
    public void Every_response_declares_the_X_Request_Id_header()
    {
        var missing = AllResponses().Where(r => !r.Response.TryGetProperty("headers", out var headers) || !headers.TryGetProperty("X-Request-Id", out _))
            .Select(r => r.Name).ToList();

        Assert.True(missing.Count == 0, "Responses without X-Request-Id:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_error_response_is_a_problem_that_lists_its_codes_except_health_503()
    {
        var wrong = new List<string>();
        foreach (var (name, status, response) in AllResponses().Where(r => r.Status >= 400))
        {
            if (!response.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out var media))
            {
                if (name != "GET /api/health 503")
                {
                    wrong.Add($"{name}: not application/problem+json");
                }
                continue;
            }
            var schema = Document.Resolve(media.GetProperty("schema"), "").Element;
            var codes = schema.TryGetProperty("properties", out var p) && p.TryGetProperty("code", out var code) && code.TryGetProperty("enum", out var e)
                ? e.EnumerateArray().Select(c => c.GetString()).ToList()
                : [];
            if (codes.Count == 0)
            {
                wrong.Add($"{name}: lists no problem codes (an enum on code)");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>Every response of every operation, of x-fallback and of x-http-layer, references followed.</summary>
    private static IEnumerable<(string Name, int Status, JsonElement Response)> AllResponses()
    {
        var extensions = new[] { "x-fallback", "x-http-layer" }.SelectMany(extension =>
            Document.Root.GetProperty(extension).GetProperty("responses").EnumerateObject().Select(r => (extension, r)));
        var operations = Document.Operations().SelectMany(o => o.Operation.GetProperty("responses").EnumerateObject()
            .Select(r => ($"{o.Method} {o.Path}", r)));
        foreach (var (owner, response) in operations.Concat(extensions))
        {
            yield return ($"{owner} {response.Name}", int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture),
                Document.Resolve(response.Value, "").Element);
        }
    }
}
