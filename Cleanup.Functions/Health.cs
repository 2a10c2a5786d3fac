using EventWizard.Shared.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.Cleanup.Functions;

public sealed class Health(HealthCheck health)
{
    [Function(nameof(Health))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req, CancellationToken ct) =>
        health.CheckAsync(ct);
}
