using EventWizard.Shared.Http;
using Microsoft.Extensions.Primitives;

namespace EventWizard.Shared.Actions;

/// <summary>
/// The idempotency key of an action request: the <c>Idempotency-Key</c> header, else the body's
/// <c>idempotencyKey</c>, else a default the action derives from what it acts on. 8..255 printable ASCII.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const string BodyField = "idempotencyKey";
    public const int MinLength = 8;
    public const int MaxLength = 255;

    /// <summary>The key to use, or a 400 problem naming the header or body field that is wrong.</summary>
    public static (string? Key, Problem? Problem) Resolve(StringValues header, string? bodyKey, string defaultKey)
    {
        if (header.Count > 1)
        {
            return (null, Problems.Validation(Header, $"Send one {Header} header, not {header.Count}."));
        }
        if (header.Count == 1)
        {
            var fromHeader = header[0] ?? "";
            return Describe(fromHeader) is { } headerError ? (null, Problems.Validation(Header, headerError)) : (fromHeader, null);
        }
        if (bodyKey is not null)
        {
            return Describe(bodyKey) is { } bodyError ? (null, Problems.Validation(BodyField, bodyError)) : (bodyKey, null);
        }
        return (defaultKey, null);
    }

    /// <summary>Why <paramref name="key"/> is not a valid key, or null when it is.</summary>
    public static string? Describe(string key)
    {
        if (key.Length is < MinLength or > MaxLength)
        {
            return $"An idempotency key has {MinLength} to {MaxLength} characters (this one has {key.Length}).";
        }
        return key.All(c => c is >= ' ' and <= '~')
            ? null
            : "An idempotency key may contain printable ASCII characters only (space to ~).";
    }
}
