using System.Text.Json.Serialization;

namespace EventWizard.Shared.Stripe;

/// <summary>The body of a successful connect-stripe (kept as the action's result, for replays).</summary>
public sealed record ConnectStripeResult(
    [property: JsonPropertyName("accountId")] string AccountId,
    [property: JsonPropertyName("onboardingUrl")] string OnboardingUrl,
    [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt);
