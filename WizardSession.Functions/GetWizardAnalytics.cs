using EventWizard.Shared.Analytics;
using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.WizardSession.Functions;

/// <summary>GET /api/wizard-analytics?from=&amp;to=: the organizers' dashboard, from the rollups of sql/003_analytics.sql.</summary>
public sealed class GetWizardAnalytics(ApiHandler api, AnalyticsStore analytics, TimeProvider clock)
{
    [Function(nameof(GetWizardAnalytics))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "wizard-analytics")] HttpRequest req, CancellationToken ct) =>
        api.Authenticated(req, () => AnalyticsQuery.Parse(req.Query, AnalyticsQuery.Today(clock)), async (caller, query) =>
            AnalyticsResults.Read(query, await analytics.ReadAsync(caller, query, ct)));
}
