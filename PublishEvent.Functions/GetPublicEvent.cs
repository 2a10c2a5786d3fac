using EventWizard.Shared.Events;
using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.PublishEvent.Functions;

/// <summary>GET /api/public/events/{slug}: a published event for anyone, public fields only, cacheable for a minute.</summary>
public sealed class GetPublicEvent(ApiHandler api, EventStore events)
{
    [Function(nameof(GetPublicEvent))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "public/events/{slug}")] HttpRequest req,
        string slug, CancellationToken ct) =>
        api.Anonymous(req, async () => EventResults.ReadPublic(await events.GetPublishedBySlugAsync(slug, ct), req.Headers.IfNoneMatch));
}
