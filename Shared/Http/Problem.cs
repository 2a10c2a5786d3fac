using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Http;

/// <summary>An RFC 9457 problem document with the API's stable <c>code</c>.</summary>
public sealed record Problem(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("code")] string Code)
{
    [JsonPropertyName("errors")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Extra members (for example the current row on a version mismatch).</summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? Extensions { get; init; }

    public static Problem Of(int status, string code, string title, string detail) =>
        new($"https://event-wizard.dev/problems/{code.Replace('_', '-')}", title, status, detail, code);

    public JsonResult ToResult() => new(this, Status, "application/problem+json; charset=utf-8");

    public static implicit operator JsonResult(Problem problem) => problem.ToResult();
}
