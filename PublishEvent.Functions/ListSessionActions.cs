using EventWizard.Shared.Actions;
using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.PublishEvent.Functions;

/// <summary>GET /api/wizard-session/{sessionId}/actions: the session's actions, newest first.</summary>
public sealed class ListSessionActions(ApiHandler api, ActionStore actions)
{
    [Function(nameof(ListSessionActions))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "wizard-session/{sessionId}/actions")] HttpRequest req,
        string sessionId, CancellationToken ct) =>
        api.Authenticated(req, async caller => ActionResults.Listed(await actions.ListForSessionAsync(caller, sessionId, ct)),
            SessionIds.CheckPath(sessionId));
}
