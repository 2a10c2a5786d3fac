namespace EventWizard.Shared.Http;

/// <summary>
/// A UUID a request names (in the path or the query): its canonical 36-character form and nothing around it.
/// Guid.TryParseExact alone lets surrounding whitespace through, so <c>"…\n"</c> would name the same row.
/// </summary>
public static class Uuids
{
    public static bool TryParse(string? text, out Guid id)
    {
        id = default;
        return text is { Length: 36 } && Guid.TryParseExact(text, "D", out id);
    }
}
