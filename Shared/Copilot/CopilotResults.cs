using System.Globalization;
using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Copilot;

/// <summary>
/// The responses of the copilot route, from its outcome (the one place that writes them): JSON, or the end of the
/// event stream when the client asked for one (<see cref="CopilotEventStream"/>).
/// </summary>
public static class CopilotResults
{
    public static IResult Of(CopilotOutcome outcome, CopilotEventStream? stream) => (outcome.Kind, stream) switch
    {
        (CopilotOutcomeKind.Answered, null) => new JsonResult(outcome.Reply),
        (CopilotOutcomeKind.Answered, _) => new StreamEnd(ct => stream.DoneAsync(outcome.Reply!, ct)),
        (CopilotOutcomeKind.ModelUnavailable, { Started: true }) => new StreamEnd(ct => stream.ErrorAsync(CopilotProblems.Unavailable(), ct)),
        (CopilotOutcomeKind.ModelUnavailable, _) => CopilotProblems.Unavailable().ToResult(),
        (CopilotOutcomeKind.NotConfigured, _) => CopilotProblems.NotConfigured().ToResult(),
        (CopilotOutcomeKind.SessionNotFound, _) => SessionProblems.NotFound().ToResult(),
        (CopilotOutcomeKind.SessionClosed, _) => SessionProblems.Closed(outcome.SessionStatus!).ToResult(),
        (CopilotOutcomeKind.BudgetExhausted, _) => CopilotProblems.BudgetExhausted().ToResult()
            .WithHeader("Retry-After", Math.Max(1, (long)Math.Ceiling(outcome.RetryAfter!.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture)),
        _ => throw new InvalidOperationException($"Unknown copilot outcome {outcome.Kind}."),
    };

    private sealed class StreamEnd(Func<CancellationToken, Task> write) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => write(httpContext.RequestAborted);
    }
}
