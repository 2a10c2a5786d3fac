using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>PATCH /api/wizard-session/{sessionId}: autosave a stage, the session id in the path.</summary>
public sealed class AutosaveSessionById(ApiHandler api, SessionAutosave autosave, StageValidator validator)
{
    [Function(nameof(AutosaveSessionById))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "wizard-session/{sessionId}")] HttpRequest req,
        string sessionId, CancellationToken ct) =>
        api.Authenticated(req, body => AutosaveRequest.Parse(body, sessionId), async (caller, save) =>
            SessionResults.Of(await autosave.SaveAsync(caller, save, EntityTags.Versions(req.Headers.IfMatch), ct), validator), ct,
            SessionIds.CheckPath(sessionId));
}
