using System.Net;
using EventWizard.Shared.Analytics;
using EventWizard.Shared.Observability;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Observability;

[Collection(TelemetryCollection.Name)]
public sealed class AnalyticsFoldTelemetryTests(TelemetryHostFixture fixture)
{
    [Fact]
    public async Task A_fold_is_a_span_carrying_the_counter_rows_it_wrote_with_its_database_command_beneath()
    {
        var client = TestHost.ClientFor(fixture.Host.BaseAddress);

        var (response, traceId) = await TelemetryHostFixture.TracedAsync(client, new HttpRequestMessage(HttpMethod.Post, "/admin/functions/AnalyticsFold"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await ResponseBody.JsonAsync(response);
        var spans = fixture.SpansOf(traceId);
        var fold = Assert.Single(spans, span => span.Source.Name == WizardTelemetry.Name && span.DisplayName == AnalyticsFold.SpanName);
        Assert.Equal(report.GetProperty("counterRows").GetInt64(), Assert.IsType<long>(fold.GetTagItem(TelemetryTags.AnalyticsFoldedRows)));
        Assert.True(report.GetProperty("elapsedMs").GetInt64() >= 0);
        var command = Assert.Single(spans, span => span.Source.Name == "Npgsql");
        Assert.Equal(fold.SpanId, command.ParentSpanId);
        Assert.Equal("select analytics_fold_interactions()", command.GetTagItem("db.query.text"));
    }
}
