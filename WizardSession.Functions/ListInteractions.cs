using EventWizard.Shared.Http;
using EventWizard.Shared.Interactions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>GET /api/wizard-session/{sessionId}/interactions?after=&amp;limit=: the transcript, oldest first.</summary>
public sealed class ListInteractions(ApiHandler api, InteractionEndpoints interactions)
{
    [Function(nameof(ListInteractions))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "wizard-session/{sessionId}/interactions")] HttpRequest req,
        string sessionId, CancellationToken ct) =>
        api.Authenticated(req, caller => interactions.ListAsync(req, caller, sessionId, ct));
}
