using EventWizard.Shared.Actions;
using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stripe;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Publishing;

/// <summary>The responses of publish-event and publish-check, from their outcome (the one place that writes them).</summary>
public static class PublishResults
{
    public static IResult Of(PublishOutcome outcome) => outcome.Kind switch
    {
        PublishOutcomeKind.Created => new JsonResult(outcome.Event, StatusCodes.Status201Created)
            .WithHeader("Location", $"/api/events/{outcome.Event!.Value.GetProperty("id").GetString()}"),
        PublishOutcomeKind.Replayed => ActionResults.Replayed(outcome.Event),
        PublishOutcomeKind.AlreadyPublished => new JsonResult(outcome.Event),
        PublishOutcomeKind.SessionNotFound => SessionProblems.NotFound().ToResult(),
        PublishOutcomeKind.SessionClosed => SessionProblems.Closed(outcome.SessionStatus!).ToResult(),
        PublishOutcomeKind.SessionIncomplete => PublishProblems.SessionIncomplete(outcome.Issues!).ToResult(),
        PublishOutcomeKind.KeyReused => ActionProblems.KeyReused().ToResult(),
        PublishOutcomeKind.InProgress => ActionResults.RequestInProgress(),
        PublishOutcomeKind.StripeAccountNotReady => PublishProblems.StripeAccountNotReady().ToResult(),
        PublishOutcomeKind.StripeError => StripeProblems.StripeError(outcome.StripeMessage!).ToResult(),
        PublishOutcomeKind.Checked => new JsonResult(new PublishCheck(outcome.Issues!.Count == 0, outcome.Issues)),
        _ => throw new InvalidOperationException($"Unknown publish outcome {outcome.Kind}."),
    };
}
