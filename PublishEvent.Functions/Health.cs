using EventWizard.Shared.Health;
using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.PublishEvent.Functions;

/// <summary>GET /api/health: the database and the schema version (every app serves it).</summary>
public sealed class Health(ApiHandler api, HealthCheck health)
{
    [Function(nameof(Health))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req, CancellationToken ct) =>
        api.Anonymous(req, async () => HealthResults.Of(await health.CheckAsync(ct)));
}
