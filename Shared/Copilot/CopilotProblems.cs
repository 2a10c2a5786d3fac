using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Copilot;

/// <summary>The copilot's own problems; the session ones are shared (<see cref="Sessions.SessionProblems"/>).</summary>
public static class CopilotProblems
{
    public static Problem NotConfigured() =>
        Problem.Of(StatusCodes.Status503ServiceUnavailable, "copilot_not_configured", "Copilot not configured",
            "The AI copilot is not set up on this server (no Copilot__Endpoint).");

    public static Problem BudgetExhausted() =>
        Problem.Of(StatusCodes.Status429TooManyRequests, "copilot_budget_exhausted", "Copilot budget exhausted",
            "Your organization has used today's copilot tokens; they renew at midnight UTC (see Retry-After).");

    public static Problem Unavailable() =>
        Problem.Of(StatusCodes.Status502BadGateway, "copilot_unavailable", "Copilot unavailable",
            "The AI model did not answer in time or failed; your message is kept, try again.");
}
