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

    /// <summary>
    /// The key of an action request, the one way every action route reads it: the header (sent at most once), else
    /// the body's <see cref="BodyField"/> read from <paramref name="fields"/>, else <paramref name="defaultKey"/>.
    /// A wrong header or body key is an issue added to <paramref name="fields"/> (the key returned is then not to be used).
    /// </summary>
    public static IdempotencyKey? Read(RequestFields fields, StringValues header, string defaultKey)
    {
        var bodyKey = fields.String(BodyField, Check);
        switch (header.Count)
        {
            case > 1:
                fields.Add(FieldIssue.Repeated(Header));
                return null;
            case 1 when Check(Header, header[0] ?? "") is { } issue:
                fields.Add(issue);
                return null;
            case 1:
                return new IdempotencyKey(header[0]!, FromClient: true);
            default:
                return bodyKey is not null ? new IdempotencyKey(bodyKey, FromClient: true) : ServerDefault(defaultKey);
        }
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
