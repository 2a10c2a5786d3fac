extern alias JsonSchemaNet;

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EventWizard.Shared.Stages;
using JsonSchemaNet::Json.Schema;

namespace EventWizard.Tests.Stages;

public sealed class StageSchemaTests
{
    public static TheoryData<string> DataStages() => [.. WizardStages.DataStages];

    private static JsonObject SchemaOf(string stage) => StageSchemas.For(StageDefinitions.Of(stage));

    /// <summary>Every schema object inside <paramref name="schema"/> (itself included) with its JSON pointer.</summary>
    private static IEnumerable<(string Pointer, JsonObject Schema)> Subschemas(JsonObject schema, string pointer = "")
    {
        yield return (pointer, schema);
        var children = new List<(string, JsonNode?)>();
        if (schema["properties"] is JsonObject properties)
        {
            children.AddRange(properties.Select(p => ($"{pointer}/properties/{p.Key}", p.Value)));
        }
        children.Add(($"{pointer}/items", schema["items"]));
        children.Add(($"{pointer}/additionalProperties", schema["additionalProperties"]));
        if (schema["anyOf"] is JsonArray anyOf)
        {
            children.AddRange(anyOf.Select((s, i) => ($"{pointer}/anyOf/{i}", s)));
        }
        foreach (var (childPointer, child) in children)
        {
            if (child is JsonObject childSchema)
            {
                foreach (var nested in Subschemas(childSchema, childPointer))
                {
                    yield return nested;
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(DataStages))]
    public void Schemas_use_only_keywords_that_forms_and_function_calling_APIs_take(string stage)
    {
        var outside = Subschemas(SchemaOf(stage))
            .SelectMany(s => s.Schema.Select(keyword => $"{s.Pointer}/{keyword.Key}"))
            .Where(path => !SchemaEvaluator.AllowedKeywords.Contains(path[(path.LastIndexOf('/') + 1)..]));

        Assert.Empty(outside);
    }

    [Theory]
    [MemberData(nameof(DataStages))]
    public void Schemas_are_valid_against_the_2020_12_meta_schema(string stage)
    {
        var results = MetaSchemas.Draft202012.Evaluate(JsonSerializer.SerializeToElement(SchemaOf(stage)),
            new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))));
        SchemaEvaluator.Build(SchemaOf(stage));
    }

    [Theory]
    [MemberData(nameof(DataStages))]
    public void Every_property_and_every_object_has_a_description(string stage)
    {
        var undescribed = Subschemas(SchemaOf(stage))
            .Where(s => s.Schema["description"] is not JsonValue description || description.GetValue<string>().Length < 10)
            .Select(s => s.Pointer);

        Assert.Empty(undescribed);
    }

    [Theory]
    [MemberData(nameof(DataStages))]
    public void The_root_is_a_closed_object_without_combinators(string stage)
    {
        // Anthropic's API refuses anyOf/oneOf/allOf at the root of a tool's input_schema; OpenAI wants an object there.
        var schema = SchemaOf(stage);

        Assert.Equal("object", schema["type"]!.GetValue<string>());
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        Assert.Null(schema["anyOf"]);
    }

    [Theory]
    [MemberData(nameof(DataStages))]
    public void Patterns_keep_to_syntax_that_means_the_same_in_dotnet_and_ECMA_262(string stage)
    {
        var patterns = Subschemas(SchemaOf(stage)).Where(s => s.Schema["pattern"] is not null)
            .Select(s => (s.Pointer, Pattern: s.Schema["pattern"]!.GetValue<string>())).ToList();

        Assert.NotEmpty(patterns);
        Assert.Empty(patterns.Where(p => !IsPortable(p.Pattern)).Select(p => $"{p.Pointer}: {p.Pattern}"));
    }

    /// <summary>
    /// Whole-string patterns are <c>^(?:...)$</c>; inside, only literals, <c>\uXXXX</c> and <c>\.</c> escapes, explicit
    /// classes, non-capturing groups, alternation and quantifiers: no <c>.</c>, <c>\s</c>, <c>\d</c>, <c>\w</c>, <c>\b</c>,
    /// lookaround or other anchors, whose meanings differ between the engines.
    /// </summary>
    private static bool IsPortable(string pattern)
    {
        var body = pattern.StartsWith("^(?:", StringComparison.Ordinal) && pattern.EndsWith(")$", StringComparison.Ordinal)
            ? pattern[4..^2]
            : pattern;
        var inClass = false;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\')
            {
                var escape = body[(i + 1)..];
                if (Regex.IsMatch(escape, @"\Au[0-9A-F]{4}"))
                {
                    i += 5;
                    continue;
                }
                if (escape.StartsWith('.'))
                {
                    i++;
                    continue;
                }
                return false;
            }
            if (inClass)
            {
                inClass = c != ']';
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                if (i + 1 < body.Length && body[i + 1] == '^')
                {
                    i++;
                }
                continue;
            }
            if (c is '.' or '^' or '$' || (c == '(' && !body[i..].StartsWith("(?:", StringComparison.Ordinal)))
            {
                return false;
            }
        }
        return !inClass;
    }

    [Fact]
    public void The_blank_class_of_the_patterns_holds_exactly_the_characters_the_validator_calls_blank()
    {
        var blank = new Regex($"^[{BlankText.PatternClass}]\\z", RegexOptions.ECMAScript);

        var disagreeing = Enumerable.Range(0, 0x10000).Select(c => ((char)c).ToString())
            .Where(text => blank.IsMatch(text) != BlankText.IsBlank(text))
            .Select(text => $"U+{(int)text[0]:X4}");

        Assert.Empty(disagreeing);
    }

    [Fact]
    public void The_document_lists_every_stage_in_wizard_order_with_its_aliases_column_schema_and_rules()
    {
        var stages = StageSchemas.Document()["stages"]!.AsArray().Select(s => s!.AsObject()).ToList();

        Assert.Equal(WizardStages.All, stages.Select(s => s["name"]!.GetValue<string>()));
        Assert.Equal(["organizer", "event", "ticket", "venue", "payment", ""],
            stages.Select(s => string.Join(",", s["aliases"]!.AsArray().Select(a => a!.GetValue<string>()))));
        Assert.Equal(["organizer_data", "event_data", "ticket_data", "venue_data", "payment_data", null],
            stages.Select(s => s["column"]?.GetValue<string>()));
        Assert.All(stages.SkipLast(1), s => Assert.Equal("object", s["schema"]!["type"]!.GetValue<string>()));
        var review = stages[^1];
        Assert.Null(review["schema"]);
        Assert.Equal(["payment_required"], review["rules"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()));
        Assert.Equal(["in_past", "unknown_timezone", "not_after_start"],
            stages[1]["rules"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()));
    }
}
