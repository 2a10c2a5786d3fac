using EventWizard.Shared.Events;
using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.PublishEvent.Functions;

/// <summary>GET /api/events/{id}: one of the organization's events (404 for any other id, malformed ones included).</summary>
public sealed class GetEvent(ApiHandler api, EventStore events)
{
    [Function(nameof(GetEvent))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{id}")] HttpRequest req,
        string id, CancellationToken ct) =>
        api.Authenticated(req, async caller => EventResults.Read(await events.GetAsync(caller, id, ct)));
}
