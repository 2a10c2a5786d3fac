using System.Text.RegularExpressions;

namespace EventWizard.Shared.Sessions;

/// <summary>The session id format of api.md: <c>^[A-Za-z0-9_-]{8,128}$</c>.</summary>
public static partial class SessionIds
{
    public const string FormatMessage = "sessionId must be 8 to 128 characters of A-Z, a-z, 0-9, '_' or '-'.";

    public static bool IsValid(string? sessionId) => sessionId is not null && Format().IsMatch(sessionId);

    /// <summary>A new random id (a lower-case UUID, which matches the format).</summary>
    public static string NewId() => Guid.NewGuid().ToString();

    [GeneratedRegex("^[A-Za-z0-9_-]{8,128}$")]
    private static partial Regex Format();
}
