using System.Text.Json;

namespace EventWizard.Tests.Contract;

/// <summary>
/// Holds one HTTP response to the OpenAPI document: the operation it answers (by method and path template; a request
/// no operation takes is the catch-all Fallback's, whose answers the document's <c>x-fallback</c> names), its status
/// declared there (a <c>default</c> response does not count), its required headers present, its body valid against
/// the response's schema, and a problem's <c>code</c> listed for that operation and status.
/// </summary>
public sealed class ResponseContract(ContractDocument document)
{
    private const string ProblemMediaType = "application/problem+json";
    private const string EventStreamMediaType = "text/event-stream";

    /// <summary>
    /// What is wrong with the response, each naming the operation and status; empty when it keeps the contract. A
    /// response the operation does not allow is still right when it is one the host's HTTP layer gives for a request it
    /// refused before any function ran (<c>x-http-layer</c>: a path with <c>%00</c>, a request line over the limit).
    /// </summary>
    public IReadOnlyList<string> Check(HttpMethod method, Uri requestUri, HttpResponseMessage response, byte[] body)
    {
        var (responses, pointer, name) = ResponsesOf(method.Method, requestUri.AbsolutePath);
        var violations = Check(responses, pointer, name, method, response, body);
        var httpLayer = document.Root.GetProperty("x-http-layer").GetProperty("responses");
        return violations.Count > 0
            && Check(httpLayer, "#/x-http-layer/responses", $"{method.Method} {requestUri.AbsolutePath} (the HTTP layer)", method, response, body).Count == 0
                ? []
                : violations;
    }

    private List<string> Check(JsonElement responses, string responsesPointer, string name, HttpMethod method,
        HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        var label = $"{name} answered {status}";
        if (!responses.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var declared))
        {
            var statuses = string.Join(", ", responses.EnumerateObject().Select(r => r.Name));
            return [$"{label}: the document does not declare status {status} for it (declared: {statuses})."];
        }
        var (definition, pointer) = document.Resolve(declared, $"{responsesPointer}/{status}");
        var violations = new List<string>();
        violations.AddRange(MissingHeaders(definition, response).Select(header => $"{label}: required header {header} is missing."));
        violations.AddRange(BodyViolations(method, definition, pointer, response, body).Select(problem => $"{label}: {problem}"));
        return violations;
    }

    /// <summary>The responses object that governs a request, where it is, and how to name it in a message.</summary>
    private (JsonElement Responses, string Pointer, string Name) ResponsesOf(string method, string path)
    {
        if (document.TemplateOf(path) is { } template && document.OperationOf(template, method) is var (operation, pointer))
        {
            return (operation.GetProperty("responses"), $"{pointer}/responses",
                $"{method} {template} ({operation.GetProperty("operationId").GetString()})");
        }
        return (document.Root.GetProperty("x-fallback").GetProperty("responses"), "#/x-fallback/responses",
            $"{method} {path} (no operation: the Fallback, x-fallback)");
    }

    private IEnumerable<string> MissingHeaders(JsonElement definition, HttpResponseMessage response)
    {
        if (!definition.TryGetProperty("headers", out var headers))
        {
            yield break;
        }
        foreach (var header in headers.EnumerateObject())
        {
            var (resolved, _) = document.Resolve(header.Value, "");
            var required = resolved.TryGetProperty("required", out var r) && r.GetBoolean();
            if (required && !response.Headers.NonValidated.Contains(header.Name) && !response.Content.Headers.NonValidated.Contains(header.Name))
            {
                yield return header.Name;
            }
        }
    }

    private IEnumerable<string> BodyViolations(HttpMethod method, JsonElement definition, string pointer,
        HttpResponseMessage response, byte[] body)
    {
        var hasContent = definition.TryGetProperty("content", out var content);
        if (body.Length == 0)
        {
            if (hasContent && method != HttpMethod.Head)
            {
                yield return $"the document declares a body ({string.Join(", ", content.EnumerateObject().Select(c => c.Name))}) but there is none.";
            }
            yield break;
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "(none)";
        if (!hasContent || !content.TryGetProperty(mediaType, out var media))
        {
            var declaredTypes = hasContent ? string.Join(", ", content.EnumerateObject().Select(c => c.Name)) : "no body";
            yield return $"the body is {mediaType}, the document declares {declaredTypes}.";
            yield break;
        }
        if (mediaType == EventStreamMediaType)
        {
            foreach (var problem in EventStreamViolations(media, $"{pointer}/content/{ContractDocument.Escape(mediaType)}", body))
            {
                yield return problem;
            }
            yield break;
        }
        if (ParseJson(body) is not { } json)
        {
            yield return "the body is not JSON.";
            yield break;
        }
        var schemaPointer = $"{pointer}/content/{ContractDocument.Escape(mediaType)}/schema";
        foreach (var error in document.Validate(schemaPointer, json))
        {
            yield return $"the body does not match {schemaPointer}: {error}";
        }
        if (mediaType == ProblemMediaType)
        {
            foreach (var problem in ProblemViolations(media.GetProperty("schema"), json, (int)response.StatusCode))
            {
                yield return problem;
            }
        }
    }

    /// <summary>
    /// Server-sent events: each event's name declared under the media type's <c>x-sse-events</c> and its data valid
    /// against that event's schema.
    /// </summary>
    private IEnumerable<string> EventStreamViolations(JsonElement media, string mediaPointer, byte[] body)
    {
        if (!media.TryGetProperty("x-sse-events", out var events))
        {
            yield return "the document declares text/event-stream without x-sse-events.";
            yield break;
        }
        foreach (var (name, data) in ServerSentEvents.Parse(System.Text.Encoding.UTF8.GetString(body)))
        {
            if (!events.TryGetProperty(name, out _))
            {
                yield return $"event '{name}' is not declared in x-sse-events.";
            }
            else if (ParseJson(System.Text.Encoding.UTF8.GetBytes(data)) is not { } json)
            {
                yield return $"the data of event '{name}' is not JSON.";
            }
            else
            {
                foreach (var error in document.Validate($"{mediaPointer}/x-sse-events/{name}", json))
                {
                    yield return $"event '{name}' does not match its schema: {error}";
                }
            }
        }
    }

    private static JsonElement? ParseJson(byte[] body)
    {
        try
        {
            using var parsed = JsonDocument.Parse(body);
            return parsed.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A problem's code must be one the operation lists for the status (the enum on code), and its status the HTTP status.</summary>
    private IEnumerable<string> ProblemViolations(JsonElement schema, JsonElement problem, int status)
    {
        var (resolved, _) = document.Resolve(schema, "");
        if (!resolved.TryGetProperty("properties", out var properties) || !properties.TryGetProperty("code", out var code)
            || !code.TryGetProperty("enum", out var listed))
        {
            yield return "the problem response lists no codes (an enum on code in its schema).";
            yield break;
        }
        var codes = listed.EnumerateArray().Select(c => c.GetString()).ToList();
        var sent = problem.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        if (!codes.Contains(sent))
        {
            yield return $"problem code '{sent}' is not listed for it (listed: {string.Join(", ", codes)}).";
        }
        if (problem.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.GetInt32() != status)
        {
            yield return $"the problem's status is {s.GetInt32()}, not the HTTP status.";
        }
    }
}
