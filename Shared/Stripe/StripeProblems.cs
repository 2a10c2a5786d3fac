using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Stripe;

/// <summary>
/// Problems of connect-stripe. The session and idempotency ones have the same codes as the sessions and publish
/// routes (session_not_found, session_closed, request_in_progress, idempotency_key_reused); fold them into a
/// shared place when those are merged.
/// </summary>
public static class StripeProblems
{
    public static Problem NotConfigured() =>
        Problem.Of(StatusCodes.Status503ServiceUnavailable, "stripe_not_configured", "Stripe not configured",
            "Payments are not set up on this server (no Stripe secret key).");

    public static Problem StripeError(string stripeMessage) =>
        Problem.Of(StatusCodes.Status502BadGateway, "stripe_error", "Stripe error", stripeMessage);

    public static Problem SessionNotFound(string sessionId) =>
        Problem.Of(StatusCodes.Status404NotFound, "session_not_found", "Session not found", $"There is no session {sessionId}.");

    public static Problem SessionClosed(string status) =>
        Problem.Of(StatusCodes.Status409Conflict, "session_closed", "Session closed", $"The session is {status}.")
            with { Extensions = new Dictionary<string, object?> { ["status"] = status } };

    public static Problem RequestInProgress() =>
        Problem.Of(StatusCodes.Status409Conflict, "request_in_progress", "Request in progress",
            "A request with this idempotency key is still running. Retry shortly.");

    public static Problem IdempotencyKeyReused() =>
        Problem.Of(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused", "Idempotency key reused",
            "This idempotency key was used for a different request.");
}
