using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Http;

/// <summary>
/// Reads a route's query parameters, each at most once, collecting an issue per parameter that is wrong. Every
/// list route reads its query with this, so <c>limit</c>, <c>cursor</c> and the filters answer alike everywhere.
/// </summary>
public sealed class QueryParameters(IQueryCollection query)
{
    private readonly List<FieldIssue> issues = [];

    public bool HasIssues => issues.Count > 0;

    public Problem Problem() => Problems.Validation(issues);

    public void Add(string name, string code, string message) => issues.Add(new FieldIssue(name, code, message));

    /// <summary>The parameter's value; null when absent, or (with an issue) when given more than once.</summary>
    public string? Single(string name)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }
        if (values.Count > 1)
        {
            issues.Add(FieldIssue.Repeated(name));
            return null;
        }
        return values[0];
    }

    public int Integer(string name, int min, int max, int fallback)
    {
        var text = Single(name);
        if (text is null)
        {
            return fallback;
        }
        // Digits first: int.TryParse ignores trailing NUL characters, so "20\0" would read as 20.
        if (!text.All(char.IsAsciiDigit) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
        {
            issues.Add(FieldIssue.OutOfRange(name, min, max));
            return fallback;
        }
        return value;
    }

    public bool Boolean(string name, bool fallback)
    {
        var text = Single(name);
        if (text is null)
        {
            return fallback;
        }
        if (text is not ("true" or "false"))
        {
            Add(name, "invalid_value", $"{name} must be true or false.");
            return fallback;
        }
        return text == "true";
    }

    /// <summary>One of <paramref name="allowed"/> (exactly, case included), or <paramref name="fallback"/> when absent.</summary>
    public string? OneOf(string name, IReadOnlyList<string> allowed, string? fallback)
    {
        var text = Single(name);
        if (text is null)
        {
            return fallback;
        }
        if (!allowed.Contains(text, StringComparer.Ordinal))
        {
            Add(name, "invalid_value", $"{name} must be one of {string.Join(", ", allowed)}.");
            return fallback;
        }
        return text;
    }

    /// <summary>
    /// The page cursor a previous page handed out as <c>next</c>, its key one <paramref name="isKey"/> accepts (a list
    /// whose key is a uuid, say); <see cref="PageCursor.Start"/> when absent.
    /// </summary>
    public PageCursor Cursor(Func<string, bool>? isKey = null)
    {
        const string name = "cursor";
        var text = Single(name);
        if (text is null)
        {
            return PageCursor.Start;
        }
        if (PageCursor.Decode(text) is { } cursor && (isKey is null || isKey(cursor.Key)))
        {
            return cursor;
        }
        Add(name, "invalid_format", $"{name} must be the value of next from a previous page, unchanged.");
        return PageCursor.Start;
    }
}
