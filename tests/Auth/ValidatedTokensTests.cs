using EventWizard.Shared.Auth;
using EventWizard.Shared.Data;
using Microsoft.Extensions.Time.Testing;

namespace EventWizard.Tests.Auth;

/// <summary>How long a validated token is remembered: never past its expiry, never longer than MaxAge.</summary>
public sealed class ValidatedTokensTests
{
    private static readonly Caller Someone = new(Guid.NewGuid(), Guid.NewGuid());

    [Fact]
    public void A_token_is_remembered_until_its_expiry_and_not_after()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var tokens = new ValidatedTokens(clock);
        tokens.Add("a.b.c", Someone, clock.GetUtcNow().AddMinutes(2).UtcDateTime);

        var before = tokens.Find("a.b.c");
        clock.Advance(TimeSpan.FromMinutes(2));
        var atExpiry = tokens.Find("a.b.c");

        Assert.Equal(Someone, before);
        Assert.Null(atExpiry);
    }

    [Fact]
    public void A_long_lived_token_is_validated_again_after_MaxAge()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var tokens = new ValidatedTokens(clock);
        tokens.Add("a.b.c", Someone, clock.GetUtcNow().AddHours(1).UtcDateTime);

        clock.Advance(ValidatedTokens.MaxAge - TimeSpan.FromSeconds(1));
        var justBefore = tokens.Find("a.b.c");
        clock.Advance(TimeSpan.FromSeconds(1));
        var atMaxAge = tokens.Find("a.b.c");

        Assert.Equal(Someone, justBefore);
        Assert.Null(atMaxAge);
    }

    [Fact]
    public void Only_the_exact_token_is_found_and_a_full_cache_starts_over()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var tokens = new ValidatedTokens(clock);
        var expires = clock.GetUtcNow().AddHours(1).UtcDateTime;
        for (var i = 0; i < ValidatedTokens.Capacity; i++)
        {
            tokens.Add($"token-{i}", Someone, expires);
        }

        Assert.Equal(Someone, tokens.Find("token-0"));
        Assert.Null(tokens.Find("token-0 "));
        Assert.Null(tokens.Find("TOKEN-0"));
        tokens.Add("one-more", Someone, expires);
        Assert.Null(tokens.Find("token-0"));
        Assert.Equal(Someone, tokens.Find("one-more"));
    }
}
