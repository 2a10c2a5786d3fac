using System.Globalization;

namespace EventWizard.Shared.Sessions;

/// <summary>ETags of sessions: <c>"&lt;version&gt;"</c>; reads If-Match / If-None-Match lists.</summary>
public static class EntityTags
{
    public static string Of(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>True when an If-None-Match header names <paramref name="version"/> (or is <c>*</c>).</summary>
    public static bool Matches(string? header, int version) =>
        !string.IsNullOrWhiteSpace(header) && (Versions(header) is not { } versions || versions.Contains(version));

    /// <summary>
    /// The versions a precondition header names: null when the header is absent or <c>*</c> (no condition);
    /// otherwise every tag that is a version (<c>"3"</c>, <c>W/"3"</c>, or a bare <c>3</c>). A header that
    /// names no version gives an empty list, which no session matches.
    /// </summary>
    public static int[]? Versions(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        var versions = new List<int>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "*")
            {
                return null;
            }
            var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
            if (tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"')
            {
                tag = tag[1..^1];
            }
            if (int.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                versions.Add(version);
            }
        }
        return [.. versions];
    }
}
