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
        var parameters = new QueryParameters(query);
        Guid? after = null;
        if (parameters.Single("after") is { } afterText)
        {
            if (Uuids.TryParse(afterText, out var id))
            {
                after = id;
            }
            else
            {
                parameters.Add("after", "invalid_format", "after must be the id of an interaction (a UUID), as given in next.");
            }
        }
        var limit = parameters.Integer("limit", 1, MaxLimit, DefaultLimit);
        return parameters.HasIssues ? (null, parameters.Problem()) : (new InteractionPageQuery(after, limit), null);
    }
}
