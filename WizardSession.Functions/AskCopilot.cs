using EventWizard.Shared.Copilot;
using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>POST /api/wizard-session/{sessionId}/copilot: one turn with the AI copilot, JSON or server-sent events.</summary>
public sealed class AskCopilot(ApiHandler api, CopilotService copilot)
{
    [Function(nameof(AskCopilot))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "wizard-session/{sessionId}/copilot")] HttpRequest req,
        string sessionId, CancellationToken ct) =>
        api.Authenticated(req, CopilotRequest.Parse, async (caller, ask) =>
        {
            var stream = CopilotEventStream.For(req);
            return CopilotResults.Of(await copilot.AskAsync(caller, sessionId, ask, stream, ct), stream);
        }, ct, SessionIds.CheckPath(sessionId));
}
