using EventWizard.Shared.Http;
using System.Globalization;
using System.Text.Json;

namespace EventWizard.Shared.Stages;

/// <summary>
/// Checks a stage payload (or an object inside it) against its declared fields: an issue for each field that is
/// missing or wrong and for each field that is not declared. Keeps what it read, so the stage's rules work on
/// values that passed.
/// </summary>
internal sealed class PayloadReader
{
    private readonly JsonElement payload;
    private readonly IReadOnlyList<StageField> fields;
    private readonly string prefix;
    private readonly Entry[] entries;

    private PayloadReader(JsonElement payload, IReadOnlyList<StageField> fields, string prefix, List<FieldIssue> issues)
    {
        this.payload = payload;
        this.fields = fields;
        this.prefix = prefix;
        entries = new Entry[fields.Count];
        Issues = issues;
    }

    public List<FieldIssue> Issues { get; }

    /// <summary>Checks every declared field of <paramref name="payload"/>; a payload that is not an object has none of them.</summary>
    public static PayloadReader Check(JsonElement payload, IReadOnlyList<StageField> fields) => Check(payload, fields, "", []);

    private static PayloadReader Check(JsonElement payload, IReadOnlyList<StageField> fields, string prefix, List<FieldIssue> issues)
    {
        var reader = new PayloadReader(payload, fields, prefix, issues);
        var undeclared = reader.FindProperties();
        for (var i = 0; i < fields.Count; i++)
        {
            reader.entries[i] = reader.Read(fields[i], reader.entries[i].Property);
        }
        foreach (var name in undeclared ?? [])
        {
            reader.Add(name, "unknown_field", $"{name} is not a field of this stage");
        }
        return reader;
    }

    public void Add(string field, string code, string message) => Issues.Add(new FieldIssue(Path(field), code, message));

    /// <summary>True when the field holds something: present, not null and, for text, not blank (valid or not).</summary>
    public bool IsGiven(string field) => EntryOf(field).Given;

    /// <summary>The field's text when it is given and valid.</summary>
    public string? Text(string field) => EntryOf(field).Text;

    /// <summary>The field's number, exactly as written, when it is given and valid.</summary>
    public JsonNumber? Number(string field) => EntryOf(field).Number;

    /// <summary>The field's whole number when it is given and valid.</summary>
    public long? Integer(string field) => Number(field)?.ToInt64();

    public bool? Boolean(string field) => EntryOf(field).Flag;

    /// <summary>The reader of an object field when it is an object (whatever its own issues).</summary>
    public PayloadReader? Nested(string field) => EntryOf(field).Nested;

    /// <summary>The readers of a list field's items that are objects (whatever their own issues).</summary>
    public IReadOnlyList<PayloadReader> Items(string field) => EntryOf(field).Items ?? [];

    private Entry EntryOf(string field)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Name == field)
            {
                return entries[i];
            }
        }
        throw new ArgumentOutOfRangeException(nameof(field), field, "Not a declared field.");
    }

    /// <summary>
    /// One pass over the payload's properties: each declared field's property goes to its entry; the names of the
    /// others are returned (null when there are none).
    /// </summary>
    private List<string>? FindProperties()
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        List<string>? undeclared = null;
        foreach (var property in payload.EnumerateObject())
        {
            var index = IndexOf(property);
            if (index < 0)
            {
                (undeclared ??= []).Add(property.Name);
            }
            else
            {
                entries[index] = new Entry { Property = property.Value };
            }
        }
        return undeclared;
    }

    private int IndexOf(JsonProperty property)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (property.NameEquals(fields[i].Name))
            {
                return i;
            }
        }
        return -1;
    }

    private Entry Read(StageField field, JsonElement? property)
    {
        if (property is not { ValueKind: not JsonValueKind.Null } value)
        {
            if (field.Required)
            {
                Add(field.Name, "required", $"{field.Name} is required");
            }
            return default;
        }
        return field.Kind switch
        {
            StageFieldKind.Text => ReadText(field, value),
            StageFieldKind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? new Entry { Given = true, Flag = value.GetBoolean() }
                : Invalid(field, "invalid_type", $"{field.Name} must be true or false"),
            StageFieldKind.Number or StageFieldKind.Integer => ReadNumber(field, value),
            StageFieldKind.Object => value.ValueKind == JsonValueKind.Object
                ? new Entry { Given = true, Nested = Check(value, field.Fields, Path(field.Name), Issues) }
                : Invalid(field, "invalid_type", $"{field.Name} must be an object"),
            StageFieldKind.List => ReadList(field, value),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field.Kind, "Unknown field kind."),
        };
    }

    private Entry ReadText(StageField field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Invalid(field, "invalid_type", $"{field.Name} must be a string");
        }
        var text = value.GetString()!;
        var blank = BlankText.IsBlank(text);
        if (field.MaxLength is { } max && IsLongerThan(text, max))
        {
            Add(field.Name, "too_long", $"{field.Name} must be at most {max} characters");
            return new Entry { Given = !blank };
        }
        if (blank)
        {
            // A form sends "" for an optional field left empty: that is the field being absent, not an issue.
            if (field.Required)
            {
                Add(field.Name, "required", $"{field.Name} is required");
            }
            return default;
        }
        if (field.Choices is { } choices && !choices.Contains(text))
        {
            return Invalid(field, "invalid_value", $"{field.Name} must be one of {string.Join(", ", choices)}");
        }
        if (field.Format is { } format && !format.IsMatch(text))
        {
            return Invalid(field, "invalid_format", $"{field.Name} must be {format.Description}");
        }
        return new Entry { Given = true, Text = text };
    }

    private Entry ReadNumber(StageField field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return Invalid(field, "invalid_type", $"{field.Name} must be a number");
        }
        var number = JsonNumber.Of(value);
        if (field.Kind == StageFieldKind.Integer && !number.IsWhole)
        {
            return Invalid(field, "invalid_type", $"{field.Name} must be a whole number");
        }
        if (number.CompareTo(field.Minimum) < 0)
        {
            return Invalid(field, "out_of_range", $"{field.Name} must be at least {Show(field.Minimum)}");
        }
        if (number.CompareTo(field.Maximum) > 0)
        {
            return Invalid(field, "out_of_range", $"{field.Name} must be at most {Show(field.Maximum)}");
        }
        return new Entry { Given = true, Number = number };
    }

    private Entry ReadList(StageField field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return Invalid(field, "invalid_type", $"{field.Name} must be an array");
        }
        var count = value.GetArrayLength();
        if (count < field.MinItems || count > field.MaxItems)
        {
            Add(field.Name, "out_of_range", $"{field.Name} must have between {field.MinItems} and {field.MaxItems} items");
        }
        var items = new List<PayloadReader>();
        var index = 0;
        foreach (var item in value.EnumerateArray().Take(field.MaxItems))
        {
            var path = $"{field.Name}[{index++}]";
            if (item.ValueKind == JsonValueKind.Object)
            {
                items.Add(Check(item, field.Fields, Path(path), Issues));
            }
            else
            {
                Add(path, "invalid_type", $"{path} must be an object");
            }
        }
        return new Entry { Given = true, Items = items };
    }

    private Entry Invalid(StageField field, string code, string message)
    {
        Add(field.Name, code, message);
        return new Entry { Given = true };
    }

    /// <summary>More than <paramref name="max"/> Unicode code points (a surrogate pair is one), counting only when the UTF-16 length cannot tell.</summary>
    private static bool IsLongerThan(string text, int max)
    {
        if (text.Length <= max)
        {
            return false;
        }
        if (text.Length > 2L * max)
        {
            return true;
        }
        var codePoints = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            codePoints++;
        }
        return codePoints > max;
    }

    private static string Show(decimal number) => number.ToString("#,0.##", CultureInfo.InvariantCulture);

    private string Path(string field) => prefix.Length == 0 ? field : $"{prefix}.{field}";

    private readonly record struct Entry
    {
        /// <summary>The payload's property for the field, before it is read.</summary>
        public JsonElement? Property { get; init; }
        public bool Given { get; init; }
        public string? Text { get; init; }
        public bool? Flag { get; init; }
        public JsonNumber? Number { get; init; }
        public PayloadReader? Nested { get; init; }
        public IReadOnlyList<PayloadReader>? Items { get; init; }
    }
}
