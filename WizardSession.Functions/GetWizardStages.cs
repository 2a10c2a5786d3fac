using EventWizard.Shared.Http;
using EventWizard.Shared.Stages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>GET /api/wizard-stages: each stage's JSON Schema and the rules a schema cannot say (anonymous, cacheable).</summary>
public sealed class GetWizardStages(ApiHandler api, StageCatalog catalog)
{
    [Function(nameof(GetWizardStages))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "wizard-stages")] HttpRequest req) =>
        api.Anonymous(req, () => catalog.Response.Respond(req.Headers.IfNoneMatch));
}
