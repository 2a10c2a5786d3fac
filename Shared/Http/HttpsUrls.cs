using System.Text.RegularExpressions;

namespace EventWizard.Shared.Http;

/// <summary>
/// The one rule for an https URL we are handed: Stripe's return and refresh URLs, a stage's website and stream URL.
/// A pattern, so the stage schemas state it exactly (docs/stages.md): <c>https://</c>, a host name, an optional port
/// (1-65535), then printable ASCII only (no whitespace, no control characters; non-ASCII percent-encoded). User
/// info (<c>user@</c>) and IP-literal hosts do not match.
/// </summary>
public static partial class HttpsUrls
{
    /// <summary>A label of a host name: letters, digits and inner hyphens, at most 63 characters.</summary>
    internal const string HostLabel = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

    private const string Port = "(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";

    /// <summary>The regex source, unanchored, in syntax that means the same in .NET and ECMA-262.</summary>
    public const string Pattern = "https://" + HostLabel + @"(?:\." + HostLabel + ")*(?::" + Port + ")?(?:[/?#][!-~]*)?";

    public static bool IsValid(string value) => Anchored().IsMatch(value);

    /// <summary>The issue with <paramref name="value"/> given as <paramref name="field"/>, or null when it is an https URL.</summary>
    public static FieldIssue? Check(string field, string value) =>
        IsValid(value) ? null : new FieldIssue(field, "invalid_format", $"{field} must be an absolute https URL.");

    [GeneratedRegex(@"\A(?:" + Pattern + @")\z", RegexOptions.CultureInvariant)]
    internal static partial Regex Anchored();
}
