using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EventWizard.Shared.Http;

/// <summary>
/// ETags and the precondition headers that name them. A session's tag is its version (<c>"3"</c>); other
/// resources (the public event page, the stage schemas) use an opaque tag of their content's identity.
/// </summary>
public static class EntityTags
{
    public static string Of(int version) => Quote(version.ToString(CultureInfo.InvariantCulture));

    public static string Quote(string opaque) => "\"" + opaque + "\"";

    /// <summary>True when an If-None-Match header names <paramref name="version"/> (or is <c>*</c>).</summary>
    public static bool Matches(string? header, int version) =>
        !string.IsNullOrWhiteSpace(header) && (Versions(header) is not { } versions || versions.Contains(version));

    /// <summary>True when an If-None-Match header names <paramref name="etag"/> (weakly compared) or is <c>*</c>.</summary>
    public static bool Matches(string? header, string etag) =>
        !string.IsNullOrWhiteSpace(header)
        && Tags(header).Any(tag => tag == "*" || Opaque(tag) == Opaque(etag));

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
        foreach (var tag in Tags(header))
        {
            if (tag == "*")
            {
                return null;
            }
            if (int.TryParse(Opaque(tag), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                versions.Add(version);
            }
        }
        return [.. versions];
    }

    /// <summary>
    /// 304 Not Modified when <paramref name="ifNoneMatch"/> names <paramref name="etag"/>, else <paramref name="body"/>
    /// as 200; both with the tag and <paramref name="cacheControl"/>.
    /// </summary>
    public static IResult Conditional(string? ifNoneMatch, string etag, string cacheControl, object body) =>
        (Matches(ifNoneMatch, etag) ? new JsonResult(null, StatusCodes.Status304NotModified) : new JsonResult(body))
            .WithHeader(HeaderNames.ETag, etag)
            .WithHeader(HeaderNames.CacheControl, cacheControl);

    private static IEnumerable<string> Tags(string header) =>
        header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string Opaque(string tag)
    {
        var strong = tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
        return strong.Length >= 2 && strong[0] == '"' && strong[^1] == '"' ? strong[1..^1] : strong;
    }
}
