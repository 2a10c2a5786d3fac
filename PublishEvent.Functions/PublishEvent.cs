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
        api.Authenticated(req, async caller =>
        {
            var body = await JsonBody.ReadObjectAsync(req, ct);
            if (body.Problem is not null)
            {
                return body.Problem.ToResult();
            }
            var (request, problem) = PublishRequest.Parse(body.Body, req.Headers[IdempotencyKey.Header]);
            if (problem is not null)
            {
                return problem.ToResult();
            }
            return (await publisher.PublishAsync(caller, request!, ct)).ToResult();
        });
}
