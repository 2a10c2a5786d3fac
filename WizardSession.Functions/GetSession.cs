using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>GET /api/wizard-session/{sessionId}: the row with its ETag (304 for If-None-Match).</summary>
public sealed class GetSession(ApiHandler api, SessionStore sessions, StageValidator validator)
{
    [Function(nameof(GetSession))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "wizard-session/{sessionId}")] HttpRequest req,
        string sessionId, CancellationToken ct) =>
        api.Authenticated(req, async caller =>
            SessionResults.Read(await sessions.GetAsync(caller, sessionId, ct), req.Headers.IfNoneMatch, validator),
            SessionIds.CheckPath(sessionId));
}
