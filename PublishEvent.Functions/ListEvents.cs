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
        api.Authenticated(req, async caller =>
        {
            var (query, problem) = EventListQuery.Parse(req.Query);
            if (problem is not null)
            {
                return problem.ToResult();
            }
            var (items, next) = await events.ListAsync(caller, query!, ct);
            return new JsonResult(new { items, next = next?.Encode() });
        });
}
