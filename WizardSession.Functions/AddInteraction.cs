using EventWizard.Shared.Http;
using EventWizard.Shared.Interactions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>POST /api/wizard-session/{sessionId}/interactions: append to the transcript (also CSAT ratings).</summary>
public sealed class AddInteraction(ApiHandler api, InteractionEndpoints interactions)
{
    [Function(nameof(AddInteraction))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "wizard-session/{sessionId}/interactions")] HttpRequest req,
        string sessionId, CancellationToken ct) =>
        api.Authenticated(req, caller => interactions.AddAsync(req, caller, sessionId, ct));
}
