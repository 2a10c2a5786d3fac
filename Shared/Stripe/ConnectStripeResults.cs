using EventWizard.Shared.Actions;
using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Stripe;

/// <summary>The responses of connect-stripe, from its outcome (the one place that writes them).</summary>
public static class ConnectStripeResults
{
    public static IResult Of(ConnectStripeOutcome outcome) => outcome.Kind switch
    {
        ConnectStripeOutcomeKind.Connected => new JsonResult(outcome.Result),
        ConnectStripeOutcomeKind.Replayed => ActionResults.Replayed(outcome.Result),
        ConnectStripeOutcomeKind.SessionNotFound => SessionProblems.NotFound().ToResult(),
        ConnectStripeOutcomeKind.SessionClosed => SessionProblems.Closed(outcome.SessionStatus!).ToResult(),
        ConnectStripeOutcomeKind.KeyReused => ActionProblems.KeyReused().ToResult(),
        ConnectStripeOutcomeKind.InProgress => ActionResults.RequestInProgress(),
        ConnectStripeOutcomeKind.StripeNotConfigured => StripeProblems.NotConfigured().ToResult(),
        ConnectStripeOutcomeKind.StripeError => StripeProblems.StripeError(outcome.StripeMessage!).ToResult(),
        _ => throw new InvalidOperationException($"Unknown connect-stripe outcome {outcome.Kind}."),
    };
}
