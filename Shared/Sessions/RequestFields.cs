using System.Text.Json;

namespace EventWizard.Shared.Sessions;

/// <summary>
/// Reads the fields of a request body with a closed shape, collecting errors keyed by field: unknown or
/// repeated fields, wrong JSON types, strings over their limits, numbers out of range. JSON null reads
/// as absent.
/// </summary>
public sealed class RequestFields
{
    private readonly JsonElement body;
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public RequestFields(JsonElement body, params string[] allowed)
    {
        this.body = body;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                Add(property.Name, $"Unknown field; allowed: {string.Join(", ", allowed)}.");
            }
            else if (!seen.Add(property.Name))
            {
                Add(property.Name, "The field is given more than once.");
            }
        }
    }

    public bool HasErrors => errors.Count > 0;

    public IReadOnlyDictionary<string, string[]> Errors =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>True when the field is present and not null.</summary>
    public bool Has(string field) => body.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string field, int maxLength)
    {
        if (!TryGet(field, JsonValueKind.String, "a string", out var value))
        {
            return null;
        }
        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters.");
            return null;
        }
        return text;
    }

    /// <summary>A string whose limit is in UTF-8 bytes.</summary>
    public string? Text(string field, int maxBytes)
    {
        if (!TryGet(field, JsonValueKind.String, "a string", out var value))
        {
            return null;
        }
        var text = value.GetString()!;
        if (System.Text.Encoding.UTF8.GetByteCount(text) > maxBytes)
        {
            Add(field, $"{field} must be at most {maxBytes / 1024} KiB.");
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
            Add(field, $"{field} must be a whole number.");
            return null;
        }
        if (number < min || number > max)
        {
            Add(field, $"{field} must be between {min} and {max}.");
            return null;
        }
        return (int)number;
    }

    public JsonElement? Object(string field)
    {
        if (!TryGet(field, JsonValueKind.Object, "a JSON object", out var value))
        {
            return null;
        }
        return value;
    }

    private bool TryGet(string field, JsonValueKind kind, string description, out JsonElement value)
    {
        if (!body.TryGetProperty(field, out value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }
        if (value.ValueKind != kind)
        {
            Add(field, $"{field} must be {description}, not {Http.JsonBody.Describe(value.ValueKind)}.");
            return false;
        }
        return true;
    }
}
