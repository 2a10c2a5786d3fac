using System.Globalization;
using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Analytics;

/// <summary>
/// The query of GET /api/wizard-analytics: <c>from</c> and <c>to</c>, dates (UTC, inclusive, YYYY-MM-DD) at most
/// <see cref="MaxDays"/> days apart; <c>to</c> defaults to today, <c>from</c> to <see cref="DefaultDays"/> days ending at <c>to</c>.
/// </summary>
public sealed record AnalyticsQuery(DateOnly From, DateOnly To)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public static (AnalyticsQuery? Query, Problem? Problem) Parse(IQueryCollection query, DateOnly today)
    {
        var parameters = new QueryParameters(query);
        var to = Date(parameters, "to") ?? today;
        var from = Date(parameters, "from") ?? to.AddDays(1 - DefaultDays);
        if (!parameters.HasIssues && from > to)
        {
            parameters.Add("from", "invalid_range", "from must be on or before to.");
        }
        else if (!parameters.HasIssues && to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            parameters.Add("to", "out_of_range", $"from and to must be at most {MaxDays} days apart, both included.");
        }
        return parameters.HasIssues ? (null, parameters.Problem()) : (new AnalyticsQuery(from, to), null);
    }

    private static DateOnly? Date(QueryParameters parameters, string name)
    {
        if (parameters.Single(name) is not { } text)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        parameters.Add(name, "invalid_format", $"{name} must be a date, YYYY-MM-DD.");
        return null;
    }
}
