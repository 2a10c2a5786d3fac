using System.Net;
using EventWizard.Shared.Analytics;
using EventWizard.Shared.Observability;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Observability;

[Collection(TelemetryCollection.Name)]
public sealed class AnalyticsFoldTelemetryTests(TelemetryHostFixture fixture)
{
    [Fact]
    public async Task A_fold_is_a_span_carrying_what_it_counted_with_its_database_command_beneath()
    {
        var client = TestHost.ClientFor(fixture.Host.BaseAddress);

        var (response, traceId) = await TelemetryHostFixture.TracedAsync(client, new HttpRequestMessage(HttpMethod.Post, "/admin/functions/AnalyticsFold"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await ResponseBody.JsonAsync(response);
        var spans = fixture.SpansOf(traceId);
        var fold = Assert.Single(spans, span => span.Source.Name == WizardTelemetry.Name && span.DisplayName == AnalyticsFold.SpanName);
        Assert.Equal(report.GetProperty("interactions").GetInt64(), Assert.IsType<long>(fold.GetTagItem(TelemetryTags.AnalyticsFoldedInteractions)));
        Assert.Equal(report.GetProperty("publishes").GetInt64(), Assert.IsType<long>(fold.GetTagItem(TelemetryTags.AnalyticsFoldedPublishes)));
        Assert.Equal(report.GetProperty("starts").GetInt64(), Assert.IsType<long>(fold.GetTagItem(TelemetryTags.AnalyticsFoldedStarts)));
        Assert.Equal(report.GetProperty("counterRows").GetInt64(), Assert.IsType<long>(fold.GetTagItem(TelemetryTags.AnalyticsCounterRows)));
        Assert.True(report.GetProperty("elapsedMs").GetInt64() >= 0);
        // One command (a physical connection opened for it, if any, is a span of its own).
        var command = Assert.Single(spans, span => span.Source.Name == "Npgsql" && span.GetTagItem("db.query.text") is not null);
        Assert.Equal(fold.SpanId, command.ParentSpanId);
        Assert.Contains("from analytics_fold_interactions() i, analytics_fold_publishes() p, analytics_fold_starts() s", (string)command.GetTagItem("db.query.text")!);
    }
}
