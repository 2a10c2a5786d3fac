using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.PublishEvent.Functions;

/// <summary>
/// Every request under /api that no other function of the app takes (both hosts try a catch-all route last):
/// CORS preflights, 404 and 405 with Allow, as problem+json.
/// </summary>
public sealed class Fallback(ApiHandler api, RouteFallback fallback)
{
    [Function(nameof(Fallback))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "options", "head", Route = "{*path}")]
        HttpRequest req) =>
        api.Anonymous(req, () => fallback.Answer(req));
}
