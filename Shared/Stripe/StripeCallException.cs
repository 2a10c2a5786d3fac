namespace EventWizard.Shared.Stripe;

/// <summary>A Stripe call that failed for good (after retries): <see cref="Exception.Message"/> is Stripe's own message.</summary>
public sealed class StripeCallException(string message, int? stripeStatus, Exception inner) : Exception(message, inner)
{
    /// <summary>Stripe's HTTP status, when Stripe answered at all.</summary>
    public int? StripeStatus { get; } = stripeStatus;
}
