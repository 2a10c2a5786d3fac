using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>PATCH /api/wizard-session/{sessionId}: autosave a stage, the session id in the path.</summary>
public sealed class AutosaveSessionById(ApiHandler api, SessionEndpoints sessions)
{
    [Function(nameof(AutosaveSessionById))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "wizard-session/{sessionId}")] HttpRequest req,
        string sessionId, CancellationToken ct) =>
        api.Authenticated(req, caller => sessions.AutosaveAsync(req, caller, sessionId, ct));
}
