using System.Net;
using EventWizard.Shared.Observability;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Cleanup.CleanupRows;

namespace EventWizard.Tests.Observability;

[Collection(TelemetryCollection.Name)]
public sealed class CleanupTelemetryTests(TelemetryHostFixture fixture)
{
    private static readonly string[] StepNames = ["actions_released", "sessions_deleted", "sessions_expired", "interactions_redacted"];

    [Fact]
    public async Task A_cleanup_run_is_a_span_with_a_child_per_step_and_the_rows_of_each_step_are_counted()
    {
        var owner = await TestDatabase.OwnerAsync();
        var now = DateTimeOffset.UtcNow;
        await SessionAsync(owner, Guid.NewGuid(), "expired-for-telemetry", "in_progress", now.AddDays(-7), expiresAt: now.AddMinutes(-1));
        var expired = (TelemetryTags.CleanupStep, (object)"sessions_expired");
        var before = fixture.Total(WizardMetrics.CleanupRowsName, expired);
        var client = TestHost.ClientFor(fixture.Host.BaseAddress);

        var (response, traceId) = await TelemetryHostFixture.TracedAsync(client, new HttpRequestMessage(HttpMethod.Post, "/admin/functions/Cleanup"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await ResponseBody.JsonAsync(response);
        var spans = fixture.SpansOf(traceId).Where(span => span.Source.Name == WizardTelemetry.Name).ToList();
        var run = Assert.Single(spans, span => span.DisplayName == CleanupTelemetry.RunSpanName);
        var steps = spans.Where(span => span.ParentSpanId == run.SpanId).ToList();
        Assert.Equal(StepNames, steps.Select(span => span.GetTagItem(TelemetryTags.CleanupStep)));
        Assert.All(steps, step => Assert.Equal($"cleanup {step.GetTagItem(TelemetryTags.CleanupStep)}", step.DisplayName));
        var expiredRows = Assert.IsType<long>(steps.Single(s => Equals(s.GetTagItem(TelemetryTags.CleanupStep), "sessions_expired"))
            .GetTagItem(TelemetryTags.CleanupRows));
        Assert.Equal(report.GetProperty("sessionsExpired").GetInt64(), expiredRows);
        Assert.True(expiredRows >= 1);
        Assert.Equal(before + expiredRows, fixture.Total(WizardMetrics.CleanupRowsName, expired));
    }
}
