namespace EventWizard.Shared.Http;

/// <summary>
/// Reads <c>If-None-Match</c> against one entity tag, with the weak comparison RFC 9110 prescribes for it
/// (<c>W/"x"</c> matches <c>"x"</c>); <c>*</c> matches any.
/// </summary>
public static class IfNoneMatch
{
    public static bool Matches(string? header, string entityTag)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
            if (part == "*" || tag == entityTag)
            {
                return true;
            }
        }
        return false;
    }
}
