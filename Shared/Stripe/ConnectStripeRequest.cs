using System.Text.Json;
using System.Text.RegularExpressions;
using EventWizard.Shared.Http;

namespace EventWizard.Shared.Stripe;

/// <summary>The body of POST /api/connect-stripe, validated: a closed shape, https URLs, a well-formed key.</summary>
public sealed partial record ConnectStripeRequest(string SessionId, string ReturnUrl, string RefreshUrl, string? IdempotencyKey)
{
    public const int MaxUrlLength = 2048;

    private static readonly string[] Fields = ["sessionId", "returnUrl", "refreshUrl", "idempotencyKey"];

    /// <summary>The request, or a 400 problem listing every invalid field. <paramref name="headerKey"/> (Idempotency-Key) wins over the body's.</summary>
    public static (ConnectStripeRequest? Request, Problem? Problem) Parse(JsonElement body, string? headerKey)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject().Where(p => !Fields.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors[property.Name] = ["Unknown field. Allowed: " + string.Join(", ", Fields) + "."];
        }
        var sessionId = RequiredString(body, "sessionId", errors);
        if (sessionId is not null && !SessionIdPattern().IsMatch(sessionId))
        {
            errors["sessionId"] = ["sessionId must be 8 to 128 characters of A-Z, a-z, 0-9, '_' or '-'."];
        }
        var returnUrl = HttpsUrl(body, "returnUrl", errors);
        var refreshUrl = HttpsUrl(body, "refreshUrl", errors);
        var key = headerKey ?? OptionalString(body, "idempotencyKey", errors);
        if (key is not null && !IsValidKey(key))
        {
            errors[headerKey is null ? "idempotencyKey" : "Idempotency-Key"] = ["An idempotency key is 8 to 255 printable ASCII characters."];
        }
        return errors.Count > 0
            ? (null, Problems.Validation(errors))
            : (new ConnectStripeRequest(sessionId!, returnUrl!, refreshUrl!, key), null);
    }

    public static bool IsValidKey(string key) => key.Length is >= 8 and <= 255 && key.All(c => c is >= ' ' and <= '~');

    private static string? HttpsUrl(JsonElement body, string field, Dictionary<string, string[]> errors)
    {
        var value = RequiredString(body, field, errors);
        if (value is null)
        {
            return null;
        }
        if (value.Length > MaxUrlLength)
        {
            errors[field] = [$"{field} may be at most {MaxUrlLength} characters."];
            return null;
        }
        var valid = value.All(c => c is > ' ' and < '\u007f')
            && Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0 && uri.UserInfo.Length == 0;
        if (!valid)
        {
            errors[field] = [$"{field} must be an absolute https URL."];
            return null;
        }
        return value;
    }

    private static string? RequiredString(JsonElement body, string field, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors[field] = [$"{field} is required."];
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors[field] = [$"{field} must be a string, not {JsonBody.Describe(value.ValueKind)}."];
            return null;
        }
        return value.GetString();
    }

    private static string? OptionalString(JsonElement body, string field, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors[field] = [$"{field} must be a string, not {JsonBody.Describe(value.ValueKind)}."];
            return null;
        }
        return value.GetString();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{8,128}$")]
    private static partial Regex SessionIdPattern();
}
