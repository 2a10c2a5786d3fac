using EventWizard.Shared.Http;
using System.Globalization;
using System.Text.Json;

namespace EventWizard.Shared.Stages;

/// <summary>Reads fields of a stage payload, collecting an issue for each one that is missing or wrong.</summary>
internal sealed class PayloadReader(JsonElement payload, string prefix = "")
{
    public List<FieldIssue> Issues { get; } = [];

    public PayloadReader Nested(string field, JsonElement value) => new(value, Path(field));

    public void Add(string field, string code, string message) => Issues.Add(new FieldIssue(Path(field), code, message));

    public string? String(string field, bool required, int min = 1, int max = int.MaxValue)
    {
        if (!TryGet(field, required, JsonValueKind.String, "a string", out var value))
        {
            return null;
        }
        var text = value.GetString()!;
        if (!required && text.Trim().Length == 0)
        {
            // A form sends "" for an optional field left empty: that is the field being absent, not an issue.
            return null;
        }
        var length = new StringInfo(text).LengthInTextElements;
        if (text.Trim().Length == 0 && min > 0)
        {
            Add(field, "required", $"{field} is required");
            return null;
        }
        if (length < min)
        {
            Add(field, "too_short", $"{field} must be at least {min} characters");
            return null;
        }
        if (length > max)
        {
            Add(field, "too_long", $"{field} must be at most {max} characters");
            return null;
        }
        return text;
    }

    public bool? Boolean(string field, bool required)
    {
        if (!Has(field, out var value))
        {
            if (required)
            {
                Add(field, "required", $"{field} is required");
            }
            return null;
        }
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Add(field, "invalid_type", $"{field} must be true or false");
            return null;
        }
        return value.GetBoolean();
    }

    public decimal? Number(string field, bool required)
    {
        if (!TryGet(field, required, JsonValueKind.Number, "a number", out var value))
        {
            return null;
        }
        if (!value.TryGetDecimal(out var number))
        {
            Add(field, "out_of_range", $"{field} is out of range");
            return null;
        }
        return number;
    }

    public long? Integer(string field, bool required, long min)
    {
        var number = Number(field, required);
        if (number is null)
        {
            return null;
        }
        if (number > long.MaxValue)
        {
            Add(field, "out_of_range", $"{field} is out of range");
            return null;
        }
        if (number != decimal.Truncate(number.Value))
        {
            Add(field, "invalid_type", $"{field} must be a whole number");
            return null;
        }
        if (number < min)
        {
            Add(field, "out_of_range", $"{field} must be at least {min}");
            return null;
        }
        return (long)number.Value;
    }

    public JsonElement? Object(string field, bool required) =>
        TryGet(field, required, JsonValueKind.Object, "an object", out var value) ? value : null;

    public JsonElement? Array(string field, bool required) =>
        TryGet(field, required, JsonValueKind.Array, "an array", out var value) ? value : null;

    private bool TryGet(string field, bool required, JsonValueKind kind, string description, out JsonElement value)
    {
        if (!Has(field, out value))
        {
            if (required)
            {
                Add(field, "required", $"{field} is required");
            }
            return false;
        }
        if (value.ValueKind != kind)
        {
            Add(field, "invalid_type", $"{field} must be {description}");
            return false;
        }
        return true;
    }

    private bool Has(string field, out JsonElement value)
    {
        value = default;
        return payload.ValueKind == JsonValueKind.Object
            && payload.TryGetProperty(field, out value)
            && value.ValueKind != JsonValueKind.Null;
    }

    private string Path(string field) => prefix.Length == 0 ? field : field.StartsWith('[') ? prefix + field : $"{prefix}.{field}";
}
