using System.Text.Json;
using EventWizard.Shared.Actions;
using EventWizard.Shared.Http;
using Keys = EventWizard.Shared.Actions.IdempotencyKey;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Publishing;

/// <summary>
/// The body of POST /api/publish-event, <c>{ sessionId, idempotencyKey? }</c> (a closed shape), with the key
/// resolved: the <c>Idempotency-Key</c> header wins over the body; without either, <c>publish:&lt;sessionId&gt;</c>.
/// </summary>
public sealed record PublishRequest(string SessionId, string IdempotencyKey)
{
    public static async Task<(PublishRequest? Request, Problem? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        return body.Problem is not null ? (null, body.Problem) : Parse(body.Body, request.Headers[Keys.Header]);
    }

    public static (PublishRequest? Request, Problem? Problem) Parse(JsonElement body, Microsoft.Extensions.Primitives.StringValues keyHeader)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? sessionId = null;
        string? bodyKey = null;
        foreach (var property in body.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                errors[property.Name] = [$"{property.Name} is given more than once."];
                continue;
            }
            switch (property.Name)
            {
                case "sessionId":
                    sessionId = ReadString(property.Value, "sessionId", errors);
                    if (sessionId is not null && !SessionIdFormat.IsValid(sessionId))
                    {
                        errors["sessionId"] = ["sessionId must be 8 to 128 characters of A-Z, a-z, 0-9, '_' and '-'."];
                        sessionId = null;
                    }
                    break;
                case Keys.BodyField:
                    bodyKey = property.Value.ValueKind == JsonValueKind.Null ? null : ReadString(property.Value, Keys.BodyField, errors);
                    break;
                default:
                    errors[property.Name] = ["Unknown field: the body takes sessionId and idempotencyKey only."];
                    break;
            }
        }
        if (sessionId is null && !errors.ContainsKey("sessionId"))
        {
            errors["sessionId"] = ["sessionId is required."];
        }
        if (errors.Count > 0)
        {
            return (null, Problems.Validation(errors, "The publish request has invalid fields."));
        }
        var (key, keyProblem) = Keys.Resolve(keyHeader, bodyKey, $"publish:{sessionId}");
        return keyProblem is not null ? (null, keyProblem) : (new PublishRequest(sessionId!, key!), null);
    }

    private static string? ReadString(JsonElement value, string field, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }
        errors[field] = [$"{field} must be a string, not {JsonBody.Describe(value.ValueKind)}."];
        return null;
    }
}
