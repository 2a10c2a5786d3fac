using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Stripe;

/// <summary>The Stripe problems of connect-stripe and publish; the session and idempotency ones are shared.</summary>
public static class StripeProblems
{
    public static Problem NotConfigured() =>
        Problem.Of(StatusCodes.Status503ServiceUnavailable, "stripe_not_configured", "Stripe not configured",
            "Payments are not set up on this server (no Stripe secret key).");

    public static Problem StripeError(string stripeMessage) =>
        Problem.Of(StatusCodes.Status502BadGateway, "stripe_error", "Stripe error", stripeMessage);
}
