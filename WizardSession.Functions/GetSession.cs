using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>GET /api/wizard-session/{sessionId}: the row with its ETag (304 for If-None-Match).</summary>
public sealed class GetSession(ApiHandler api, SessionEndpoints sessions)
{
    [Function(nameof(GetSession))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "wizard-session/{sessionId}")] HttpRequest req,
        string sessionId, CancellationToken ct) =>
        api.Authenticated(req, caller => sessions.GetAsync(req, caller, sessionId, ct));
}
