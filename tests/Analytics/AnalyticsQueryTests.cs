using System.Net;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Analytics.AnalyticsApi;

namespace EventWizard.Tests.Analytics;

/// <summary>The range GET /api/wizard-analytics takes: dates, at most 366 days, from before to; anything else a 400 problem.</summary>
public sealed class AnalyticsQueryTests
{
    public static TheoryData<string, string, string> BadQueries => new()
    {
        { "from=2026-13-01", "from", "invalid_format" },
        { "from=2026-02-30", "from", "invalid_format" },
        { "to=yesterday", "to", "invalid_format" },
        { "from=2026-1-5", "from", "invalid_format" },
        { "from=2026-01-05T00:00:00Z", "from", "invalid_format" },
        { "from=", "from", "invalid_format" },
        { "from=2026-03-02&to=2026-03-01", "from", "invalid_range" },
        { "from=2025-01-01&to=2026-01-02", "to", "out_of_range" },
        { "from=2026-01-01&from=2026-01-02", "from", "duplicate_field" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_range_is_a_400_problem_naming_the_parameter(string query, string field, string issue)
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.GetAsync($"/api/wizard-analytics?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", await ResponseBody.ProblemCodeAsync(response));
        var only = Assert.Single((await ResponseBody.JsonAsync(response)).GetProperty("issues").EnumerateArray());
        Assert.Equal(field, only.GetProperty("field").GetString());
        Assert.Equal(issue, only.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_range_of_exactly_366_days_is_taken_and_has_a_day_each()
    {
        var tenant = await TestHost.NewTenantAsync();

        var figures = await ReadAsync(tenant, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31));

        Assert.Equal(366, figures.GetProperty("daily").GetArrayLength());
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var client = await TestHost.AnonymousClientAsync();

        var response = await client.GetAsync("/api/wizard-analytics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", await ResponseBody.ProblemCodeAsync(response));
    }
}
