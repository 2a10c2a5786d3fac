using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>DELETE /api/wizard-session/{sessionId}: abandon the session.</summary>
public sealed class AbandonSession(ApiHandler api, SessionEndpoints sessions)
{
    [Function(nameof(AbandonSession))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "wizard-session/{sessionId}")] HttpRequest req,
        string sessionId, CancellationToken ct) =>
        api.Authenticated(req, caller => sessions.AbandonAsync(req, caller, sessionId, ct));
}
