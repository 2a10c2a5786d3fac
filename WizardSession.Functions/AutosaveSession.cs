using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>PATCH /api/wizard-session: autosave a stage, the session id in the body.</summary>
public sealed class AutosaveSession(ApiHandler api, SessionEndpoints sessions)
{
    [Function(nameof(AutosaveSession))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "wizard-session")] HttpRequest req, CancellationToken ct) =>
        api.Authenticated(req, caller => sessions.AutosaveAsync(req, caller, pathSessionId: null, ct));
}
