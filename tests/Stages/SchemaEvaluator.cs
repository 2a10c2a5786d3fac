extern alias JsonSchemaNet;

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JsonSchemaNet::Json.Schema;
using JsonSchemaNet::Json.Schema.Keywords;

namespace EventWizard.Tests.Stages;

/// <summary>
/// A real JSON Schema 2020-12 validator (JsonSchema.Net) held to the specification where the library departs from it:
/// <list type="bullet">
/// <item><c>pattern</c>: the library compiles with .NET's ECMAScript option, but .NET's <c>$</c> still matches before a
/// final newline. ECMA-262's <c>$</c> (no m flag) matches only at the end of the input, so <c>$</c> outside a character
/// class is compiled as <c>\z</c>.</item>
/// <item><c>minLength</c>/<c>maxLength</c>: the library counts grapheme clusters; the specification counts code points.</item>
/// </list>
/// Only the keywords the stage schemas may use are registered: any other keyword fails the build of the schema.
/// </summary>
internal static class SchemaEvaluator
{
    public static readonly IReadOnlySet<string> AllowedKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "enum", "const", "pattern", "minLength", "maxLength",
        "minimum", "maximum", "exclusiveMinimum", "multipleOf", "minItems", "maxItems", "items", "description", "anyOf",
    };

    private static readonly BuildOptions Options = new()
    {
        Dialect = new Dialect([
            TypeKeyword.Instance, PropertiesKeyword.Instance, RequiredKeyword.Instance, AdditionalPropertiesKeyword.Instance,
            EnumKeyword.Instance, ConstKeyword.Instance, new EcmaPattern(), new CodePointMinLength(), new CodePointMaxLength(),
            MinimumKeyword.Instance, MaximumKeyword.Instance, ExclusiveMinimumKeyword.Instance, MultipleOfKeyword.Instance,
            MinItemsKeyword.Instance, MaxItemsKeyword.Instance, ItemsKeyword.Instance, DescriptionKeyword.Instance,
            AnyOfKeyword.Instance,
            // additionalProperties reads the annotations of patternProperties, so the dialect must know it; no schema uses it.
            PatternPropertiesKeyword.Instance,
        ])
        { AllowUnknownKeywords = false },
    };

    public static JsonSchema Build(JsonObject schema) => JsonSchema.Build(JsonSerializer.SerializeToElement(schema), Options);

    /// <summary>Whether <paramref name="instance"/> is valid, and where and why not.</summary>
    public static (bool Valid, IReadOnlyList<string> Errors) Evaluate(JsonSchema schema, JsonElement instance)
    {
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (results.Details ?? []).Prepend(results)
            .Where(detail => detail.Errors is not null)
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation} {error.Key}: {error.Value}"))
            .Distinct()
            .ToList();
        return (results.IsValid, errors);
    }

    private sealed class EcmaPattern : PatternKeyword
    {
        public override object? ValidateKeywordValue(JsonElement value) =>
            new Regex(EndOfInputAnchors(value.GetString()!), RegexOptions.ECMAScript);

        private static string EndOfInputAnchors(string pattern)
        {
            var result = new StringBuilder();
            var inClass = false;
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '\\' && i + 1 < pattern.Length)
                {
                    result.Append(c).Append(pattern[++i]);
                    continue;
                }
                inClass = c == '[' || (inClass && c != ']');
                result.Append(c == '$' && !inClass ? @"\z" : c.ToString());
            }
            return result.ToString();
        }
    }

    private sealed class CodePointMinLength : MinLengthKeyword
    {
        public override KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context) =>
            CodePoints(context) is not { } length ? KeywordEvaluation.Ignore : Result(Name, length >= (long)keyword.Value!, "too few characters");
    }

    private sealed class CodePointMaxLength : MaxLengthKeyword
    {
        public override KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context) =>
            CodePoints(context) is not { } length ? KeywordEvaluation.Ignore : Result(Name, length <= (long)keyword.Value!, "too many characters");
    }

    private static int? CodePoints(EvaluationContext context) =>
        context.Instance.ValueKind == JsonValueKind.String ? context.Instance.GetString()!.EnumerateRunes().Count() : null;

    private static KeywordEvaluation Result(string keyword, bool valid, string error) =>
        new() { Keyword = keyword, IsValid = valid, Error = valid ? null! : error };
}
