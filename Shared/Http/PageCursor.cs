using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace EventWizard.Shared.Http;

/// <summary>
/// The keyset position of a list page, handed to clients as an opaque <c>cursor</c>: the sort time stamp (to the
/// microsecond, PostgreSQL's precision) and the unique key that breaks ties. A page starts strictly after it, so
/// paging never returns a row twice.
/// </summary>
public sealed record PageCursor(DateTime At, string Key)
{
    private const string Version = "1";

    /// <summary>Before every row: the position of the first page of a newest-first list.</summary>
    public static readonly PageCursor Start = new(new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc), "");

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{Version}|{At.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)}|{Key}"));

    /// <summary>The cursor, or null when <paramref name="text"/> is not one this API handed out.</summary>
    public static PageCursor? Decode(string text)
    {
        // Only the base64url alphabet: the decoder itself would skip white space, so "cursor\n" would pass.
        if (text.Length > 1024 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || !Base64Url.IsValid(text))
        {
            return null;
        }
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(text));
        }
        catch (ArgumentException)
        {
            return null;
        }
        var parts = decoded.Split('|', 3);
        return parts.Length == 3 && parts[0] == Version
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
            && parts[2].Length <= 200 && parts[2].All(c => c is >= ' ' and <= '~')
                ? new PageCursor(new DateTime(ticks, DateTimeKind.Utc), parts[2])
                : null;
    }
}
