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
        var parameters = new QueryParameters(query);
        var status = parameters.OneOf("status", Statuses, fallback: null);
        var limit = parameters.Integer("limit", 1, MaxLimit, DefaultLimit);
        return parameters.HasIssues ? (null, parameters.Problem()) : (new EventListQuery(status, limit), null);
    }
}
