namespace EventWizard.Shared.Stripe;

/// <summary>The answer of <see cref="StripeAccounts.EnsureChargesEnabledAsync"/>.</summary>
public sealed record ChargesCheck(ChargesReadiness Readiness, string? StripeMessage = null)
{
    public bool IsReady => Readiness == ChargesReadiness.Ready;
}
