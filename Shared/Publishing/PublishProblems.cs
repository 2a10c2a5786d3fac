using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Publishing;

/// <summary>The problems of POST /api/publish-event and the session's actions route.</summary>
public static class PublishProblems
{
    public static Problem SessionIncomplete(IReadOnlyList<FieldIssue> issues) =>
        Problem.Of(StatusCodes.Status422UnprocessableEntity, "session_incomplete", "Session incomplete",
            "The session cannot be published until every stage is complete. Fix the fields listed in errors and publish again (the same idempotency key may be used).")
        .WithIssues(issues);

    public static Problem StripeAccountNotReady() =>
        Problem.Of(StatusCodes.Status422UnprocessableEntity, "stripe_account_not_ready", "Stripe account not ready",
            "The session sells paid tickets, but its Stripe account cannot take payments yet. Finish Stripe onboarding " +
            "(POST /api/connect-stripe gives a fresh onboarding link) and publish again.")
        .WithIssues(new FieldIssue("paymentSetup.accountId", "not_ready", "The Stripe account cannot take payments yet (charges_enabled is false)."));
}
