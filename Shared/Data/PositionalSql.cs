using System.Collections.Concurrent;
using System.Text;

namespace EventWizard.Shared.Data;

/// <summary>One statement in PostgreSQL's own form: <c>$1</c>..<c>$n</c> stand for <paramref name="ParameterNames"/> in order.</summary>
internal sealed record PositionalStatement(string Text, IReadOnlyList<string> ParameterNames);

/// <summary>
/// SQL as this code writes it (<c>@Name</c> parameters, statements separated by semicolons) rewritten once into the
/// form the extended protocol takes: one statement per batch command, positional parameters. Npgsql does the same
/// rewrite itself, but on every execution: its parser was the largest managed item in a profile of the autosave
/// (docs/scaling.md). Strings, quoted identifiers, comments and dollar-quoted bodies are copied as they are.
/// </summary>
internal static class PositionalSql
{
    // The SQL texts are the code's own constants and their few combinations; the bound keeps a bug that builds SQL
    // from values from growing this without end (such text is still run, only not remembered).
    private const int CacheLimit = 2_000;
    private static readonly ConcurrentDictionary<string, IReadOnlyList<PositionalStatement>> Cache = new();

    public static IReadOnlyList<PositionalStatement> Of(string sql)
    {
        if (Cache.TryGetValue(sql, out var statements))
        {
            return statements;
        }
        statements = Rewrite(sql);
        if (Cache.Count < CacheLimit)
        {
            Cache.TryAdd(sql, statements);
        }
        return statements;
    }

    internal static IReadOnlyList<PositionalStatement> Rewrite(string sql)
    {
        var statements = new List<PositionalStatement>();
        var text = new StringBuilder(sql.Length);
        var names = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == ';')
            {
                AddStatement(statements, text, names);
                text.Clear();
                names = [];
                i++;
            }
            else if (c == '@' && i + 1 < sql.Length && IsNameStart(sql[i + 1]) && (i == 0 || !IsNamePart(sql[i - 1])))
            {
                var end = i + 1;
                while (end < sql.Length && IsNamePart(sql[end]))
                {
                    end++;
                }
                text.Append('$').Append(PositionOf(names, sql[(i + 1)..end]));
                i = end;
            }
            else
            {
                var end = EndOfVerbatim(sql, i);
                text.Append(sql, i, end - i);
                i = end;
            }
        }
        AddStatement(statements, text, names);
        return statements;
    }

    private static void AddStatement(List<PositionalStatement> statements, StringBuilder text, List<string> names)
    {
        var statement = text.ToString().Trim();
        if (statement.Length > 0)
        {
            statements.Add(new PositionalStatement(statement, names));
        }
    }

    /// <summary>The 1-based position of <paramref name="name"/>, added when new; names match as Npgsql matches them, ignoring case.</summary>
    private static int PositionOf(List<string> names, string name)
    {
        var index = names.FindIndex(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            names.Add(name);
            index = names.Count - 1;
        }
        return index + 1;
    }

    /// <summary>
    /// The end of what starts at <paramref name="start"/> and is copied as it is: a string, quoted identifier, comment or
    /// dollar-quoted body whole (to the end of the text if unclosed: PostgreSQL then reports it), else one character.
    /// </summary>
    private static int EndOfVerbatim(string sql, int start)
    {
        var c = sql[start];
        var next = start + 1 < sql.Length ? sql[start + 1] : '\0';
        return c switch
        {
            '\'' => EndOfQuoted(sql, start, '\'', backslashEscapes: start > 0 && sql[start - 1] is 'E' or 'e'
                                                                       && (start < 2 || !IsNamePart(sql[start - 2]))),
            '"' => EndOfQuoted(sql, start, '"', backslashEscapes: false),
            '-' when next == '-' => IndexOrEnd(sql, sql.IndexOf('\n', start)),
            '/' when next == '*' => EndOfBlockComment(sql, start),
            '$' when start == 0 || !IsNamePart(sql[start - 1]) => EndOfDollarQuoted(sql, start),
            _ => start + 1,
        };
    }

    private static int EndOfQuoted(string sql, int start, char quote, bool backslashEscapes)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] != quote)
            {
                i++;
            }
            else if (i + 1 < sql.Length && sql[i + 1] == quote)
            {
                i += 2;
            }
            else
            {
                return i + 1;
            }
        }
        return sql.Length;
    }

    private static int EndOfBlockComment(string sql, int start)
    {
        var depth = 0;
        var i = start;
        while (i + 1 < sql.Length)
        {
            if (sql[i] == '/' && sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && sql[i + 1] == '/')
            {
                i += 2;
                if (--depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }
        return sql.Length;
    }

    /// <summary>A <c>$tag$ ... $tag$</c> body (the tag may be empty); a <c>$</c> that opens none is one character.</summary>
    private static int EndOfDollarQuoted(string sql, int start)
    {
        var tagEnd = start + 1;
        while (tagEnd < sql.Length && IsNamePart(sql[tagEnd]) && !(tagEnd == start + 1 && char.IsAsciiDigit(sql[tagEnd])))
        {
            tagEnd++;
        }
        if (tagEnd >= sql.Length || sql[tagEnd] != '$')
        {
            return start + 1;
        }
        var tag = sql[start..(tagEnd + 1)];
        var close = sql.IndexOf(tag, tagEnd + 1, StringComparison.Ordinal);
        return close < 0 ? sql.Length : close + tag.Length;
    }

    private static int IndexOrEnd(string sql, int index) => index < 0 ? sql.Length : index;

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
