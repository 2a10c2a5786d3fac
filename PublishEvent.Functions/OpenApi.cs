using EventWizard.Shared.Http;
using EventWizard.Shared.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.PublishEvent.Functions;

/// <summary>GET /api/openapi.json: the OpenAPI document of the whole API (every app serves it).</summary>
public sealed class OpenApi(ApiHandler api, OpenApiDocument document)
{
    [Function(nameof(OpenApi))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req) =>
        api.Anonymous(req, () => document.Response.Respond(req.Headers.IfNoneMatch));
}
