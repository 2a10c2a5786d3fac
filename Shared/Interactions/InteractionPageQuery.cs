using System.Globalization;
using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Interactions;

/// <summary>GET …/interactions?after=&lt;id&gt;&amp;limit=: the cursor (an interaction id) and the page size.</summary>
public sealed record InteractionPageQuery(Guid? After, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static (InteractionPageQuery? Query, Problem? Problem) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Guid? after = null;
        if (Single(query, "after", errors) is { } afterText)
        {
            if (Guid.TryParseExact(afterText, "D", out var id))
            {
                after = id;
            }
            else
            {
                errors["after"] = ["after must be the id of an interaction (a UUID), as given in next."];
            }
        }
        var limit = DefaultLimit;
        if (Single(query, "limit", errors) is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."];
        }
        return errors.Count > 0
            ? (null, Problems.Validation(errors, "The query has invalid parameters."))
            : (new InteractionPageQuery(after, limit), null);
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
