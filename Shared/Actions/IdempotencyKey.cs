using EventWizard.Shared.Http;
using Microsoft.Extensions.Primitives;

namespace EventWizard.Shared.Actions;

/// <summary>
/// The idempotency key of an action request: the <c>Idempotency-Key</c> header, else the body's
/// <c>idempotencyKey</c>, else a default the action derives from what it acts on. A client's key is 8..255
/// printable ASCII characters; a default key is <see cref="ServerDefault"/>, in a namespace no client key can reach.
/// </summary>
public sealed record IdempotencyKey(string Value, bool FromClient)
{
    public const string Header = "Idempotency-Key";
    public const string BodyField = "idempotencyKey";
    public const int MinLength = 8;
    public const int MaxLength = 255;

    /// <summary>A key the server chooses when the client sends none.</summary>
    public static IdempotencyKey ServerDefault(string value) => new(value, FromClient: false);

    /// <summary>The key to use, or the issue with the header or body field that is wrong.</summary>
    public static (IdempotencyKey? Key, FieldIssue? Issue) Resolve(StringValues header, string? bodyKey, string defaultKey)
    {
        if (header.Count > 1)
        {
            return (null, new FieldIssue(Header, "duplicate_field", $"Send one {Header} header, not {header.Count}."));
        }
        if (header.Count == 1)
        {
            var fromHeader = header[0] ?? "";
            return Check(Header, fromHeader) is { } headerIssue ? (null, headerIssue) : (new IdempotencyKey(fromHeader, true), null);
        }
        if (bodyKey is not null)
        {
            return Check(BodyField, bodyKey) is { } bodyIssue ? (null, bodyIssue) : (new IdempotencyKey(bodyKey, true), null);
        }
        return (ServerDefault(defaultKey), null);
    }

    /// <summary>The issue with a client's key given as <paramref name="field"/>, or null when it is a valid key.</summary>
    public static FieldIssue? Check(string field, string key)
    {
        if (key.Length is < MinLength or > MaxLength)
        {
            return new FieldIssue(field, key.Length < MinLength ? "too_short" : "too_long",
                $"An idempotency key has {MinLength} to {MaxLength} characters (this one has {key.Length}).");
        }
        return key.All(c => c is >= ' ' and <= '~')
            ? null
            : new FieldIssue(field, "invalid_format", "An idempotency key may contain printable ASCII characters only (space to ~).");
    }
}
