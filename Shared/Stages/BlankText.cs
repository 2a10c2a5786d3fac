using System.Buffers;
using System.Globalization;

namespace EventWizard.Shared.Stages;

/// <summary>
/// What "blank" means in a stage payload, defined once for the validator and the stage schemas: the characters of
/// Unicode's White_Space property plus U+FEFF. .NET's <c>char.IsWhiteSpace</c> and ECMA-262's <c>\s</c> disagree
/// (U+0085 is only in the first, U+FEFF only in the second), so neither is used: this explicit list is.
/// </summary>
public static class BlankText
{
    private static readonly (char First, char Last)[] Ranges =
    [
        ('\u0009', '\u000D'), ('\u0020', '\u0020'), ('\u0085', '\u0085'), ('\u00A0', '\u00A0'), ('\u1680', '\u1680'),
        ('\u2000', '\u200A'), ('\u2028', '\u2029'), ('\u202F', '\u202F'), ('\u205F', '\u205F'), ('\u3000', '\u3000'),
        ('\uFEFF', '\uFEFF'),
    ];

    private static readonly string Characters = string.Concat(
        Ranges.SelectMany(range => Enumerable.Range(range.First, range.Last - range.First + 1).Select(c => (char)c)));

    private static readonly SearchValues<char> Searchable = SearchValues.Create(Characters);

    /// <summary>The blank characters as the inside of a regex character class, with <c>\uXXXX</c> escapes that read the same in .NET and ECMA-262.</summary>
    public static readonly string PatternClass = string.Concat(Ranges.Select(range =>
        range.First == range.Last ? Escape(range.First) : $"{Escape(range.First)}-{Escape(range.Last)}"));

    /// <summary>Every blank character, in order (for tests and documentation).</summary>
    public static IEnumerable<char> All => Characters;

    /// <summary>True when <paramref name="text"/> is empty or made only of blank characters.</summary>
    public static bool IsBlank(string text) => !text.AsSpan().ContainsAnyExcept(Searchable);

    /// <summary><paramref name="text"/> without blank characters at either end.</summary>
    public static string Trim(string text)
    {
        var span = text.AsSpan();
        var start = span.IndexOfAnyExcept(Searchable);
        if (start < 0)
        {
            return "";
        }
        var end = span.LastIndexOfAnyExcept(Searchable) + 1;
        return start == 0 && end == text.Length ? text : text[start..end];
    }

    private static string Escape(char c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
