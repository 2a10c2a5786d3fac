namespace EventWizard.Shared.Stages;

/// <summary>
/// One field of a stage payload, as the validator checks it and the stage schema states it. A field that is absent,
/// null or (for text) blank counts as not given: an issue when <see cref="Required"/>, nothing otherwise.
/// </summary>
public sealed record StageField
{
    public required string Name { get; init; }
    public required StageFieldKind Kind { get; init; }

    /// <summary>What the field is, for a person filling the form and for the copilot (it reads these).</summary>
    public required string Description { get; init; }

    public bool Required { get; init; }

    /// <summary>Text: the most Unicode code points (JSON Schema's unit and PostgreSQL's).</summary>
    public int? MaxLength { get; init; }

    /// <summary>Text: the format a given value must have.</summary>
    public StageFormat? Format { get; init; }

    /// <summary>Text: the only values allowed.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>Number and Integer: the smallest and largest values allowed.</summary>
    public decimal Minimum { get; init; }
    public decimal Maximum { get; init; }

    /// <summary>List: the fewest and most items.</summary>
    public int MinItems { get; init; }
    public int MaxItems { get; init; }

    /// <summary>Object: its fields; List: the fields of each item (an object).</summary>
    public IReadOnlyList<StageField> Fields { get; init; } = [];

    public static StageField Text(string name, int maxLength, string description, bool required = false, StageFormat? format = null) =>
        new() { Name = name, Kind = StageFieldKind.Text, Description = description, Required = required, MaxLength = maxLength, Format = format };

    /// <summary>A text field whose format bounds its length (a date, a currency code), so it needs no maximum of its own.</summary>
    public static StageField Formatted(string name, StageFormat format, string description, bool required) =>
        new() { Name = name, Kind = StageFieldKind.Text, Description = description, Required = required, Format = format };

    public static StageField Choice(string name, IReadOnlyList<string> choices, string description) =>
        new() { Name = name, Kind = StageFieldKind.Text, Description = description, Required = true, Choices = choices };

    public static StageField Boolean(string name, string description) =>
        new() { Name = name, Kind = StageFieldKind.Boolean, Description = description, Required = true };

    public static StageField Number(string name, decimal minimum, decimal maximum, string description) =>
        new() { Name = name, Kind = StageFieldKind.Number, Description = description, Required = true, Minimum = minimum, Maximum = maximum };

    public static StageField Integer(string name, decimal minimum, decimal maximum, string description) =>
        new() { Name = name, Kind = StageFieldKind.Integer, Description = description, Required = true, Minimum = minimum, Maximum = maximum };

    public static StageField Object(string name, IReadOnlyList<StageField> fields, string description) =>
        new() { Name = name, Kind = StageFieldKind.Object, Description = description, Fields = fields };

    public static StageField List(string name, int minItems, int maxItems, IReadOnlyList<StageField> itemFields, string description) =>
        new() { Name = name, Kind = StageFieldKind.List, Description = description, Required = true, MinItems = minItems, MaxItems = maxItems, Fields = itemFields };
}
