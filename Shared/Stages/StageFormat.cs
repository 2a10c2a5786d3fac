using System.Text.RegularExpressions;

namespace EventWizard.Shared.Stages;

/// <summary>
/// A text format of a stage field: one regex source, served in the stage schema as <c>^(?:pattern)$</c> and
/// compiled here as <c>\A(?:pattern)\z</c> (in .NET, <c>$</c> also matches before a final newline). The pattern
/// keeps to syntax that means the same in .NET and ECMA-262: literal characters, <c>\uXXXX</c> escapes, explicit
/// character classes, groups, alternation and quantifiers; no <c>.</c>, <c>\s</c>, <c>\d</c>, <c>\w</c>, <c>\b</c>
/// or lookaround.
/// </summary>
public sealed class StageFormat(string pattern, Regex regex, string description)
{
    /// <summary>The regex source, unanchored.</summary>
    public string Pattern { get; } = pattern;

    /// <summary>What the format is, as the end of "field must be ..." (for example "an https URL").</summary>
    public string Description { get; } = description;

    public bool IsMatch(string text) => regex.IsMatch(text);
}
