using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>PATCH /api/wizard-session: autosave a stage, the session id in the body.</summary>
public sealed class AutosaveSession(ApiHandler api, SessionAutosave autosave, StageValidator validator)
{
    [Function(nameof(AutosaveSession))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "wizard-session")] HttpRequest req, CancellationToken ct) =>
        api.Authenticated(req, body => AutosaveRequest.Parse(body, pathSessionId: null), async (caller, save) =>
            SessionResults.Of(await autosave.SaveAsync(caller, save, EntityTags.Versions(req.Headers.IfMatch), ct), validator), ct);
}
