using System.Text;
using System.Text.Json;

namespace EventWizard.Shared.Http;

/// <summary>
/// Reads the fields of a request body with a closed shape, collecting an issue per field that is wrong: unknown or
/// repeated, of the wrong JSON type, over its limit, out of range, or failing the field's own rule (a session id, an
/// idempotency key, an https URL). JSON null reads as absent. Every route reads its body with this, so a field is
/// checked the same way, with the same words, wherever it appears.
/// </summary>
public sealed class RequestFields
{
    /// <summary>A field's own rule: null when <c>value</c> is good, else the issue (field, code, message).</summary>
    public delegate FieldIssue? Rule(string field, string value);

    private readonly JsonElement body;
    private readonly List<FieldIssue> issues = [];

    public RequestFields(JsonElement body, params string[] allowed)
    {
        this.body = body;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                Add(property.Name, "unknown_field", $"Unknown field; allowed: {string.Join(", ", allowed)}.");
            }
            else if (!seen.Add(property.Name))
            {
                issues.Add(FieldIssue.Repeated(property.Name));
            }
        }
    }

    public bool HasIssues => issues.Count > 0;

    public IReadOnlyList<FieldIssue> Issues => issues;

    /// <summary>A 400 validation problem with every issue found.</summary>
    public Problem Problem() => Problems.Validation(issues);

    public void Add(string field, string code, string message) => issues.Add(new FieldIssue(field, code, message));

    public void Add(FieldIssue? issue)
    {
        if (issue is not null)
        {
            issues.Add(issue);
        }
    }

    /// <summary>True when the field is present and not null.</summary>
    public bool Has(string field) => body.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>Adds a <c>required</c> issue when the field is absent (or null) and no other issue names it.</summary>
    public void Require(string field, string? message = null)
    {
        if (!Has(field) && !issues.Any(issue => issue.Field == field))
        {
            Add(field, "required", message ?? $"{field} is required.");
        }
    }

    /// <summary>A string of at most <paramref name="maxLength"/> UTF-16 characters that passes <paramref name="rule"/>.</summary>
    public string? String(string field, int maxLength, Rule? rule = null)
    {
        if (!TryGet(field, JsonValueKind.String, "a string", out var value))
        {
            return null;
        }
        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            Add(field, "too_long", $"{field} must be at most {maxLength} characters.");
            return null;
        }
        return Passes(field, text, rule) ? text : null;
    }

    /// <summary>
    /// A string judged by its field's own <paramref name="rule"/> alone, length included (a session id, an idempotency
    /// key), so the body's field gets the same issue as the same value in a path or a header.
    /// </summary>
    public string? String(string field, Rule rule) =>
        TryGet(field, JsonValueKind.String, "a string", out var value) && value.GetString() is var text && Passes(field, text!, rule)
            ? text
            : null;

    private bool Passes(string field, string text, Rule? rule)
    {
        if (rule?.Invoke(field, text) is { } issue)
        {
            issues.Add(issue);
            return false;
        }
        return true;
    }

    /// <summary>A string whose limit is in UTF-8 bytes.</summary>
    public string? Text(string field, int maxBytes)
    {
        if (!TryGet(field, JsonValueKind.String, "a string", out var value))
        {
            return null;
        }
        var text = value.GetString()!;
        if (Encoding.UTF8.GetByteCount(text) > maxBytes)
        {
            Add(field, "too_long", $"{field} must be at most {maxBytes / 1024} KiB.");
            return null;
        }
        return text;
    }

    public int? Integer(string field, int min, int max)
    {
        if (!TryGet(field, JsonValueKind.Number, "a whole number", out var value))
        {
            return null;
        }
        if (!value.TryGetDecimal(out var number) || number != decimal.Truncate(number))
        {
            Add(field, "invalid_type", $"{field} must be a whole number.");
            return null;
        }
        if (number < min || number > max)
        {
            issues.Add(FieldIssue.OutOfRange(field, min, max));
            return null;
        }
        return (int)number;
    }

    public JsonElement? Object(string field) =>
        TryGet(field, JsonValueKind.Object, "a JSON object", out var value) ? value : null;

    private bool TryGet(string field, JsonValueKind kind, string description, out JsonElement value)
    {
        if (!body.TryGetProperty(field, out value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }
        if (value.ValueKind != kind)
        {
            Add(field, "invalid_type", $"{field} must be {description}, not {JsonBody.Describe(value.ValueKind)}.");
            return false;
        }
        return true;
    }
}
