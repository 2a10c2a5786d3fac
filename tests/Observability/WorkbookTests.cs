using System.Text.Json;
using EventWizard.Shared.Observability;
using EventWizard.Tests.Contract;

namespace EventWizard.Tests.Observability;

/// <summary>docs/observability-workbook.json is a workbook template whose queries name what the code emits.</summary>
public sealed class WorkbookTests
{
    private static readonly JsonElement Workbook = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("docs", "observability-workbook.json"))).RootElement;

    private static IEnumerable<string> Queries() => Workbook.GetProperty("items").EnumerateArray()
        .Where(item => item.GetProperty("type").GetInt32() == 3)
        .Select(item => item.GetProperty("content").GetProperty("query").GetString()!);

    [Fact]
    public void The_workbook_is_a_workbook_template_of_log_queries_over_Application_Insights()
    {
        Assert.Equal("Notebook/1.0", Workbook.GetProperty("version").GetString());
        var queries = Workbook.GetProperty("items").EnumerateArray().Where(item => item.GetProperty("type").GetInt32() == 3).ToList();
        Assert.NotEmpty(queries);
        Assert.All(queries, item =>
        {
            var content = item.GetProperty("content");
            Assert.Equal("KqlItem/1.0", content.GetProperty("version").GetString());
            Assert.Equal("microsoft.insights/components", content.GetProperty("resourceType").GetString());
            Assert.Equal("TimeRange", content.GetProperty("timeContextFromParameter").GetString());
            Assert.False(string.IsNullOrWhiteSpace(content.GetProperty("query").GetString()));
        });
    }

    [Fact]
    public void Every_metric_the_code_emits_is_queried_by_its_name()
    {
        var queries = string.Join('\n', Queries());
        Assert.All(WizardMetrics.Names, name => Assert.Contains($"\"{name}\"", queries, StringComparison.Ordinal));
    }

    [Fact]
    public void The_workbook_reads_the_attributes_the_code_writes()
    {
        var queries = string.Join('\n', Queries());
        foreach (var tag in new[] { TelemetryTags.Outcome, TelemetryTags.Stage, TelemetryTags.CleanupStep, TelemetryTags.CleanupRows,
                     TelemetryTags.StripeOperation, TelemetryTags.StatusCode })
        {
            Assert.Contains($"customDimensions[\"{tag}\"]", queries, StringComparison.Ordinal);
        }
        Assert.Contains($"startswith \"{CleanupTelemetry.RunSpanName} \"", queries, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_metric_name_is_declared_once()
    {
        Assert.Equal(WizardMetrics.Names.Count, WizardMetrics.Names.Distinct().Count());
        Assert.Equal(WizardMetrics.Names.Order(), typeof(WizardMetrics).GetFields()
            .Where(field => field.IsLiteral && field.Name.EndsWith("Name", StringComparison.Ordinal))
            .Select(field => (string)field.GetRawConstantValue()!).Order());
    }
}
