using EventWizard.Shared.Actions;
using EventWizard.Shared.Http;
using EventWizard.Shared.Publishing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.PublishEvent.Functions;

/// <summary>POST /api/publish-event: publishes a complete wizard session exactly once.</summary>
public sealed class PublishEvent(ApiHandler api, EventPublisher publisher)
{
    [Function(nameof(PublishEvent))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "publish-event")] HttpRequest req, CancellationToken ct) =>
        api.Authenticated(req, body => PublishRequest.Parse(body, req.Headers[IdempotencyKey.Header]), async (caller, publish) =>
            PublishResults.Of(await publisher.PublishAsync(caller, publish, ct)), ct);
}
