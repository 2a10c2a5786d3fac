using EventWizard.Shared.Http;
using EventWizard.Shared.Publishing;
using EventWizard.Shared.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.PublishEvent.Functions;

/// <summary>GET /api/wizard-session/{sessionId}/publish-check: the dry run of publish; nothing is written.</summary>
public sealed class CheckPublish(ApiHandler api, EventPublisher publisher)
{
    [Function(nameof(CheckPublish))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "wizard-session/{sessionId}/publish-check")] HttpRequest req,
        string sessionId, CancellationToken ct) =>
        api.Authenticated(req, async caller => PublishResults.Of(await publisher.CheckAsync(caller, sessionId, ct)),
            SessionIds.CheckPath(sessionId));
}
