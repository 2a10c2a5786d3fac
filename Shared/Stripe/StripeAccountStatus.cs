namespace EventWizard.Shared.Stripe;

/// <summary>What we keep of a connected account: its id and whether it can take payments.</summary>
public sealed record StripeAccountStatus(string AccountId, bool ChargesEnabled, bool DetailsSubmitted);
