using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Health;

/// <summary>The response of GET /api/health: 200 when healthy, else 503, with the report as the body (not a problem).</summary>
public static class HealthResults
{
    public static IResult Of(HealthReport report) =>
        new JsonResult(report, report.IsHealthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
}
