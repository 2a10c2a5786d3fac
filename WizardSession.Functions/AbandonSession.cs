using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>DELETE /api/wizard-session/{sessionId}: abandon the session.</summary>
public sealed class AbandonSession(ApiHandler api, SessionStore sessions, StageValidator validator)
{
    [Function(nameof(AbandonSession))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "wizard-session/{sessionId}")] HttpRequest req,
        string sessionId, CancellationToken ct) =>
        api.Authenticated(req, async caller =>
            SessionResults.Of(await sessions.AbandonAsync(caller, sessionId, EntityTags.Versions(req.Headers.IfMatch), ct), validator),
            SessionIds.CheckPath(sessionId));
}
