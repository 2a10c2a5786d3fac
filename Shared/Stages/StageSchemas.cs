using System.Text.Json.Nodes;

namespace EventWizard.Shared.Stages;

/// <summary>
/// The JSON Schema (2020-12) of each data stage, built from <see cref="StageDefinitions"/>, and the document
/// <c>GET /api/wizard-stages</c> serves. The schemas keep to keywords that forms and the common function-calling
/// APIs take as they are (docs/stages.md): no <c>$ref</c>, no combinators, nothing conditional, an object at the root.
/// Keys come out in a fixed order, so the same declarations always give the same bytes.
/// </summary>
public static class StageSchemas
{
    /// <summary>The schema of one data stage's payload.</summary>
    public static JsonObject For(StageDefinition stage) => ObjectSchema(stage.Fields, stage.Description, nullable: false);

    /// <summary><c>{ "stages": [ { name, aliases, column, schema, rules } ] }</c> in wizard order; reviewPublish has no schema.</summary>
    public static JsonObject Document() => new()
    {
        ["stages"] = new JsonArray([.. WizardStages.All.Select(StageEntry)]),
    };

    private static JsonObject StageEntry(string stage)
    {
        var definition = WizardStages.IsDataStage(stage) ? StageDefinitions.Of(stage) : null;
        var rules = definition?.Rules ?? StageDefinitions.CrossStageRules;
        return new JsonObject
        {
            ["name"] = stage,
            ["aliases"] = new JsonArray([.. WizardStages.AliasesOf(stage).Select(alias => JsonValue.Create(alias))]),
            ["column"] = definition is null ? null : WizardStages.ColumnOf(stage),
            ["schema"] = definition is null ? null : For(definition),
            ["rules"] = new JsonArray([.. rules.Select(rule => new JsonObject { ["code"] = rule.Code, ["message"] = rule.Message })]),
        };
    }

    private static JsonObject ObjectSchema(IReadOnlyList<StageField> fields, string description, bool nullable)
    {
        var schema = new JsonObject
        {
            ["type"] = Type("object", nullable),
            ["description"] = description,
            ["properties"] = new JsonObject(fields.Select(field => KeyValuePair.Create(field.Name, (JsonNode?)FieldSchema(field)))),
        };
        var required = fields.Where(field => field.Required).Select(field => JsonValue.Create(field.Name)).ToArray();
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray(required);
        }
        schema["additionalProperties"] = false;
        return schema;
    }

    private static JsonObject FieldSchema(StageField field) => field.Kind switch
    {
        StageFieldKind.Text => TextSchema(field),
        StageFieldKind.Boolean => new JsonObject { ["type"] = Type("boolean", !field.Required), ["description"] = field.Description },
        StageFieldKind.Number or StageFieldKind.Integer => new JsonObject
        {
            ["type"] = Type(field.Kind == StageFieldKind.Integer ? "integer" : "number", !field.Required),
            ["description"] = field.Description,
            ["minimum"] = field.Minimum,
            ["maximum"] = field.Maximum,
        },
        StageFieldKind.Object => ObjectSchema(field.Fields, field.Description, !field.Required),
        StageFieldKind.List => new JsonObject
        {
            ["type"] = Type("array", !field.Required),
            ["description"] = field.Description,
            ["minItems"] = field.MinItems,
            ["maxItems"] = field.MaxItems,
            ["items"] = ObjectSchema(field.Fields, $"One item of {field.Name}.", nullable: false),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field.Kind, "Unknown field kind."),
    };

    /// <summary>
    /// A required text is not blank; an optional one may be blank or null (a form's empty field), so its format
    /// pattern lets blank through. Blank is <see cref="BlankText"/>'s explicit class, never <c>\s</c>.
    /// </summary>
    private static JsonObject TextSchema(StageField field)
    {
        var schema = new JsonObject { ["type"] = Type("string", !field.Required), ["description"] = field.Description };
        if (field.Choices is { } choices)
        {
            schema["enum"] = new JsonArray([.. choices.Select(choice => JsonValue.Create(choice))]);
            return schema;
        }
        if (field.Required)
        {
            schema["minLength"] = 1;
        }
        if (field.MaxLength is { } max)
        {
            schema["maxLength"] = max;
        }
        if (Pattern(field) is { } pattern)
        {
            schema["pattern"] = pattern;
        }
        return schema;
    }

    private static string? Pattern(StageField field) => (field.Required, field.Format) switch
    {
        (true, { } format) => $"^(?:{format.Pattern})$",
        (true, null) => $"[^{BlankText.PatternClass}]",
        (false, { } format) => $"^(?:[{BlankText.PatternClass}]*|{format.Pattern})$",
        (false, null) => null,
    };

    private static JsonNode Type(string type, bool nullable) => nullable ? new JsonArray(type, "null") : JsonValue.Create(type)!;
}
