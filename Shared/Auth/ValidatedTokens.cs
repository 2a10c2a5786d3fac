using System.Collections.Concurrent;
using EventWizard.Shared.Data;

namespace EventWizard.Shared.Auth;

/// <summary>
/// Tokens that passed validation, with the caller each names. A frontend sends one token with every request (an
/// autosave a second while someone types), and validating it again each time was the largest piece of the worker's
/// own CPU per autosave after the framework's. Keyed by the whole encoded token, signature included, so only that exact
/// token is let through. An entry lasts until the token's expiry (the skew is left to full validation) and at most
/// <see cref="MaxAge"/>, so a signing key the identity provider withdraws stops working within that time, as a
/// refreshed key set would.
/// </summary>
public sealed class ValidatedTokens(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>Past this many tokens the cache starts over: a bound on memory, far above one instance's active users.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>The caller of <paramref name="encoded"/> if it was validated and is still within its entry's time, else null.</summary>
    public Caller? Find(string encoded) =>
        entries.TryGetValue(encoded, out var entry) && clock.GetUtcNow() < entry.Until ? entry.Caller : null;

    public void Add(string encoded, Caller caller, DateTime expiresUtc)
    {
        if (entries.Count >= Capacity)
        {
            entries.Clear();
        }
        var now = clock.GetUtcNow();
        var until = new DateTimeOffset(DateTime.SpecifyKind(expiresUtc, DateTimeKind.Utc));
        entries[encoded] = new Entry(caller, until < now + MaxAge ? until : now + MaxAge);
    }

    private sealed record Entry(Caller Caller, DateTimeOffset Until);
}
