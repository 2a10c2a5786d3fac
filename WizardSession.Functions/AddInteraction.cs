using EventWizard.Shared.Http;
using EventWizard.Shared.Interactions;
using EventWizard.Shared.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>POST /api/wizard-session/{sessionId}/interactions: append to the transcript (also CSAT ratings).</summary>
public sealed class AddInteraction(ApiHandler api, InteractionStore interactions)
{
    [Function(nameof(AddInteraction))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "wizard-session/{sessionId}/interactions")] HttpRequest req,
        string sessionId, CancellationToken ct) =>
        api.Authenticated(req, InteractionRequest.Parse, async (caller, add) =>
            InteractionResults.Added(await interactions.AddAsync(caller, sessionId, add, ct)), ct, SessionIds.CheckPath(sessionId));
}
