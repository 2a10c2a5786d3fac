using System.Text.RegularExpressions;

namespace EventWizard.Shared.Actions;

/// <summary>The format of a wizard session id (api.md): <c>^[A-Za-z0-9_-]{8,128}$</c>.</summary>
public static partial class SessionIdFormat
{
    public static bool IsValid(string? sessionId) => sessionId is not null && Pattern().IsMatch(sessionId);

    [GeneratedRegex("^[A-Za-z0-9_-]{8,128}$")]
    private static partial Regex Pattern();
}
