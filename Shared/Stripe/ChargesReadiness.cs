namespace EventWizard.Shared.Stripe;

/// <summary>Whether an organization's connected account can take payments (see <see cref="StripeAccounts.EnsureChargesEnabledAsync"/>).</summary>
public enum ChargesReadiness
{
    /// <summary>Stripe says <c>charges_enabled</c> (possibly from the cache).</summary>
    Ready,

    /// <summary>Onboarding unfinished, or the account id is not this organization's connected account.</summary>
    NotReady,

    /// <summary>No Stripe secret key: the check cannot be made (publish skips it, as design.md says).</summary>
    StripeNotConfigured,

    /// <summary>Stripe failed or could not be reached; <see cref="ChargesCheck.StripeMessage"/> says what it said.</summary>
    StripeError,
}
