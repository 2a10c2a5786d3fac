using System.Text.RegularExpressions;
using EventWizard.Shared.Http;

namespace EventWizard.Shared.Sessions;

/// <summary>
/// The session id format of api.md, <c>^[A-Za-z0-9_-]{8,128}$</c>: the one rule every route applies to a session id,
/// in the body or in the path. (<c>\z</c>, not <c>$</c>: .NET's <c>$</c> also matches before a final newline.)
/// </summary>
public static partial class SessionIds
{
    public const string FormatMessage = "sessionId must be 8 to 128 characters of A-Z, a-z, 0-9, '_' or '-'.";

    public static bool IsValid(string? sessionId) => sessionId is not null && Format().IsMatch(sessionId);

    /// <summary>The issue with a session id given as <paramref name="field"/>, or null when it is well formed.</summary>
    public static FieldIssue? Check(string field, string sessionId) =>
        IsValid(sessionId) ? null : new FieldIssue(field, "invalid_format", FormatMessage);

    /// <summary>The 400 problem for a malformed session id in the path, or null when it is well formed.</summary>
    public static Problem? CheckPath(string sessionId) =>
        Check("sessionId", sessionId) is { } issue ? Problems.Validation([issue]) : null;

    /// <summary>
    /// A new id: a lower-case UUID, which matches the format; time-ordered (version 7, as sql/011's ids), so that an
    /// organization's new sessions land at one edge of the unique key's index instead of on a random page of it.
    /// </summary>
    public static string NewId() => Guid.CreateVersion7().ToString();

    [GeneratedRegex(@"\A[A-Za-z0-9_-]{8,128}\z")]
    private static partial Regex Format();
}
