using System.Text.Json.Serialization;

namespace EventWizard.Shared.Http;

/// <summary>
/// One thing wrong with a field: <c>{ field, code, message }</c>. A stage's issues (what keeps it from being
/// complete) and a problem's issues (what made a request fail) have this one shape, so a form shows the message
/// and a program branches on the code.
/// </summary>
public sealed record FieldIssue(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message)
{
    /// <summary>A field, query parameter or header sent more than once (<c>duplicate_field</c>), wherever it was.</summary>
    public static FieldIssue Repeated(string field) => new(field, "duplicate_field", $"{field} is given more than once; send it once.");

    /// <summary>A whole number outside its range (<c>out_of_range</c>), in the body or in the query.</summary>
    public static FieldIssue OutOfRange(string field, long min, long max) =>
        new(field, "out_of_range", $"{field} must be a whole number from {min} to {max}.");

    /// <summary>The same issue with its field under <paramref name="prefix"/> (<c>eventSetup.date</c>).</summary>
    public FieldIssue Under(string prefix) => this with { Field = $"{prefix}.{Field}" };
}
