using System.Globalization;
using System.Text.Json.Nodes;
using EventWizard.Shared.Http;
using EventWizard.Shared.Stages;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Analytics;

/// <summary>
/// The body of GET /api/wizard-analytics from the rollups of the range (docs/api.md, "Analytics"). Its keys are the
/// contract's camelCase ones, not the rows' snake_case, so it is built as a JSON object.
/// </summary>
public static class AnalyticsResults
{
    /// <summary>Unknown model: an assistant turn sent without one.</summary>
    public const string UnknownModel = "unknown";

    public static IResult Read(AnalyticsQuery query, AnalyticsFigures figures) => new JsonResult(new JsonObject
    {
        ["from"] = Date(query.From),
        ["to"] = Date(query.To),
        ["funnel"] = Funnel(figures.Days),
        ["timeToPublish"] = TimeToPublish(Of(figures, "time_to_publish")),
        ["csat"] = Csat(Of(figures, "csat_by_stage"), Of(figures, "csat_by_model")),
        ["ai"] = new JsonObject { ["byModel"] = AiByModel(Of(figures, "ai_turns")) },
        ["publishFailures"] = Object(Of(figures, "publish_failure").GroupBy(c => c.Label).OrderBy(g => g.Key, StringComparer.Ordinal),
            g => g.Key, g => g.Sum(c => c.N)),
        ["daily"] = Daily(query, figures.Days),
    });

    private static JsonObject Funnel(IReadOnlyList<AnalyticsDay> days)
    {
        long Sum(Func<AnalyticsDay, long> of) => days.Sum(of);
        var started = Sum(d => d.Started);
        return new JsonObject
        {
            ["started"] = started,
            ["reached"] = new JsonObject
            {
                [WizardStages.Organizer] = started,
                [WizardStages.Event] = Sum(d => d.ReachedEventSetup),
                [WizardStages.Ticket] = Sum(d => d.ReachedTicketSetup),
                [WizardStages.Venue] = Sum(d => d.ReachedVenueSetup),
                [WizardStages.Payment] = Sum(d => d.ReachedPaymentSetup),
                [WizardStages.Review] = Sum(d => d.ReachedReviewPublish),
            },
            ["published"] = Sum(d => d.Published),
            ["abandoned"] = Sum(d => d.Abandoned),
            ["expired"] = Sum(d => d.Expired),
        };
    }

    private static JsonObject TimeToPublish(IReadOnlyList<AnalyticsCount> counts)
    {
        var buckets = counts.Select(c => ((int)c.Bucket, c.N)).ToList();
        return new JsonObject
        {
            ["p50Seconds"] = LogBuckets.Percentile(buckets, 50),
            ["p90Seconds"] = LogBuckets.Percentile(buckets, 90),
        };
    }

    /// <summary>Every rating is counted once by stage ('' without one) and once by model: the distribution is the by-stage counts.</summary>
    private static JsonObject Csat(IReadOnlyList<AnalyticsCount> byStage, IReadOnlyList<AnalyticsCount> byModel)
    {
        var summary = Ratings(byStage);
        summary["distribution"] = Object(Enumerable.Range(1, 5), score => score.ToString(CultureInfo.InvariantCulture),
            score => byStage.Where(c => c.Bucket == score).Sum(c => c.N));
        summary["byStage"] = Labelled(byStage.Where(c => c.Label != "")
            .OrderBy(c => WizardStages.IndexOf(c.Label)));
        summary["byModel"] = Labelled(byModel.Where(c => c.Label != "").OrderBy(c => c.Label, StringComparer.Ordinal));
        return summary;
    }

    private static JsonObject Labelled(IEnumerable<AnalyticsCount> counts) =>
        Object(counts.GroupBy(c => c.Label), g => g.Key, g => Ratings([.. g]));

    private static JsonObject Ratings(IReadOnlyList<AnalyticsCount> counts)
    {
        var count = counts.Sum(c => c.N);
        return new JsonObject
        {
            ["count"] = count,
            ["mean"] = count == 0 ? null : Math.Round((double)counts.Sum(c => c.N * c.Bucket) / count, 2),
        };
    }

    private static JsonObject AiByModel(IReadOnlyList<AnalyticsCount> turns) =>
        Object(turns.GroupBy(c => c.Label == "" ? UnknownModel : c.Label).OrderBy(g => g.Key, StringComparer.Ordinal), g => g.Key, g =>
        {
            var latencies = g.Where(c => c.Bucket >= 0).Select(c => ((int)c.Bucket, c.N)).ToList();
            return new JsonObject
            {
                ["turns"] = g.Sum(c => c.N),
                ["tokens"] = g.Sum(c => c.Total),
                ["latencyP50Ms"] = LogBuckets.Percentile(latencies, 50),
                ["latencyP95Ms"] = LogBuckets.Percentile(latencies, 95),
            };
        });

    /// <summary>Every day of the range, zeros included, so a chart's days are evenly spaced.</summary>
    private static JsonArray Daily(AnalyticsQuery query, IReadOnlyList<AnalyticsDay> days)
    {
        var byDay = days.ToDictionary(d => d.Day);
        return [.. Enumerable.Range(0, query.To.DayNumber - query.From.DayNumber + 1).Select(offset =>
        {
            var date = query.From.AddDays(offset);
            var day = byDay.GetValueOrDefault(date);
            return new JsonObject { ["date"] = Date(date), ["started"] = day?.Started ?? 0, ["published"] = day?.Published ?? 0 };
        })];
    }

    private static IReadOnlyList<AnalyticsCount> Of(AnalyticsFigures figures, string measure) =>
        [.. figures.Counts.Where(c => c.Measure == measure)];

    private static JsonObject Object<T>(IEnumerable<T> items, Func<T, string> key, Func<T, JsonNode?> value)
    {
        var result = new JsonObject();
        foreach (var item in items)
        {
            result[key(item)] = value(item);
        }
        return result;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
