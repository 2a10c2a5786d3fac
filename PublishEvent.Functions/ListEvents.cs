using EventWizard.Shared.Events;
using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.PublishEvent.Functions;

/// <summary>GET /api/events?status=&amp;limit=&amp;cursor=: a page of the organization's events, newest first.</summary>
public sealed class ListEvents(ApiHandler api, EventStore events)
{
    [Function(nameof(ListEvents))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events")] HttpRequest req, CancellationToken ct) =>
        api.Authenticated(req, () => EventListQuery.Parse(req.Query), async (caller, query) =>
            EventResults.Listed(await events.ListAsync(caller, query, ct)));
}
