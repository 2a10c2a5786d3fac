using System.Globalization;
using System.Net;
using System.Text.Json;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Analytics;

/// <summary>GET /api/wizard-analytics, and the interactions the analytics tests send through the API.</summary>
internal static class AnalyticsApi
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task<JsonElement> ReadAsync(TenantClient tenant, DateOnly from, DateOnly to)
    {
        var response = await tenant.Http.GetAsync($"/api/wizard-analytics?from={Date(from)}&to={Date(to)}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"analytics: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ResponseBody.JsonAsync(response);
    }

    public static async Task AddInteractionAsync(TenantClient tenant, string sessionId, object body)
    {
        var response = await tenant.Http.PostAsync($"/api/wizard-session/{sessionId}/interactions", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"interaction: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The nearest-rank percentile, as docs/analytics.md defines it: the value at rank ceil(p/100 × n).</summary>
    public static long NearestRank(IEnumerable<long> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Max(1, (percentile * sorted.Count + 99) / 100) - 1];
    }

    /// <summary>The documented precision of a percentile: within 5% of the exact value, or 1 unit for values below 20.</summary>
    public static void WithinPrecision(long exact, JsonElement reported, string what)
    {
        var value = reported.GetInt64();
        Assert.True(Math.Abs(value - exact) <= Math.Max(1, 0.05 * exact), $"{what}: reported {value}, exact {exact}");
    }
}
