using System.Text.Json.Serialization;

namespace EventWizard.Shared.Http;

/// <summary>
/// An RFC 9457 problem document with the API's stable <c>code</c>. A problem about fields carries them as
/// <see cref="Issues"/> and, derived from those, as <see cref="Errors"/> (field -> messages); <see cref="TraceId"/>
/// is the request's <c>X-Request-Id</c>, filled in when the problem is written.
/// </summary>
public sealed record Problem(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("code")] string Code)
{
    [JsonPropertyName("errors")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string[]>? Errors => Issues?
        .GroupBy(issue => issue.Field, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(issue => issue.Message).ToArray(), StringComparer.Ordinal);

    [JsonPropertyName("issues")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FieldIssue>? Issues { get; init; }

    [JsonPropertyName("traceId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceId { get; init; }

    /// <summary>Extra members (for example the current row on a version mismatch).</summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? Extensions { get; init; }

    public static Problem Of(int status, string code, string title, string detail) =>
        new($"https://event-wizard.dev/problems/{code.Replace('_', '-')}", title, status, detail, code);

    public Problem WithIssues(params IEnumerable<FieldIssue> issues) => this with { Issues = [.. issues] };

    public JsonResult ToResult() => new(this, Status, "application/problem+json; charset=utf-8");

    public static implicit operator JsonResult(Problem problem) => problem.ToResult();
}
