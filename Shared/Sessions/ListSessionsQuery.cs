using System.Globalization;
using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Sessions;

/// <summary>GET /api/wizard-session?status=&amp;mine=&amp;limit=: checked query parameters.</summary>
public sealed record ListSessionsQuery(string Status, bool Mine, int Limit)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static (ListSessionsQuery? Query, Problem? Problem) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var status = Single(query, "status", errors) ?? SessionStatuses.InProgress;
        if (!SessionStatuses.All.Contains(status, StringComparer.Ordinal))
        {
            errors["status"] = [$"status must be one of {string.Join(", ", SessionStatuses.All)}."];
        }
        var mineText = Single(query, "mine", errors) ?? "false";
        if (!bool.TryParse(mineText, out var mine))
        {
            errors["mine"] = ["mine must be true or false."];
        }
        var limitText = Single(query, "limit", errors);
        var limit = DefaultLimit;
        if (limitText is not null
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."];
        }
        return errors.Count > 0
            ? (null, Problems.Validation(errors, "The query has invalid parameters."))
            : (new ListSessionsQuery(status, mine, limit), null);
    }

    private static string? Single(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }
        if (values.Count > 1)
        {
            errors[name] = [$"{name} may be given once."];
            return null;
        }
        return values[0];
    }
}
