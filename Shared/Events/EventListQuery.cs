using System.Globalization;
using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Events;

/// <summary>The query of GET /api/events: <c>status</c> (draft, published, cancelled; absent: all) and <c>limit</c> 1..100 (default 50).</summary>
public sealed record EventListQuery(string? Status, int Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;
    public static readonly IReadOnlyList<string> Statuses = ["draft", "published", "cancelled"];

    public static (EventListQuery? Query, Problem? Problem) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? status = null;
        if (query.TryGetValue("status", out var statuses))
        {
            if (statuses.Count != 1 || !Statuses.Contains(statuses[0], StringComparer.Ordinal))
            {
                errors["status"] = [$"status must be one of {string.Join(", ", Statuses)} (given once)."];
            }
            else
            {
                status = statuses[0];
            }
        }
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limits))
        {
            if (limits.Count != 1 || !int.TryParse(limits[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit)
                || limit is < 1 or > MaxLimit)
            {
                errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit} (given once)."];
            }
        }
        return errors.Count > 0 ? (null, Problems.Validation(errors, "The query has invalid parameters.")) : (new EventListQuery(status, limit), null);
    }
}
