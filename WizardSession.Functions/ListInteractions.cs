using EventWizard.Shared.Http;
using EventWizard.Shared.Interactions;
using EventWizard.Shared.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>GET /api/wizard-session/{sessionId}/interactions?after=&amp;limit=: the transcript, oldest first.</summary>
public sealed class ListInteractions(ApiHandler api, InteractionStore interactions)
{
    [Function(nameof(ListInteractions))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "wizard-session/{sessionId}/interactions")] HttpRequest req,
        string sessionId, CancellationToken ct) =>
        api.Authenticated(req, () => InteractionPageQuery.Parse(req.Query), async (caller, query) =>
            InteractionResults.Listed(await interactions.PageAsync(caller, sessionId, query, ct)), SessionIds.CheckPath(sessionId));
}
