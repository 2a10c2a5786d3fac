namespace EventWizard.Shared.Http;

/// <summary>The rule for a URL a request hands us to send users to (Stripe's return and refresh URLs): absolute https.</summary>
public static class HttpsUrls
{
    public static bool IsValid(string value) =>
        value.All(c => c is > ' ' and < '\u007f')
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0 && uri.UserInfo.Length == 0;

    /// <summary>The issue with <paramref name="value"/> given as <paramref name="field"/>, or null when it is an https URL.</summary>
    public static FieldIssue? Check(string field, string value) =>
        IsValid(value) ? null : new FieldIssue(field, "invalid_format", $"{field} must be an absolute https URL.");
}
