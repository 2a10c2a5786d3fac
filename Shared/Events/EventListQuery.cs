using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Events;

/// <summary>
/// The query of GET /api/events: <c>status</c> (draft, published, cancelled; absent: all), <c>limit</c> 1..100 (default
/// 50) and <c>cursor</c> (the <c>next</c> of the previous page).
/// </summary>
public sealed record EventListQuery(string? Status, int Limit, PageCursor After)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;
    public static readonly IReadOnlyList<string> Statuses = ["draft", "published", "cancelled"];

    public static (EventListQuery? Query, Problem? Problem) Parse(IQueryCollection query)
    {
        var parameters = new QueryParameters(query);
        var status = parameters.OneOf("status", Statuses, fallback: null);
        var limit = parameters.Integer("limit", 1, MaxLimit, DefaultLimit);
        var after = parameters.Cursor(key => Guid.TryParseExact(key, "D", out _));
        return parameters.HasIssues ? (null, parameters.Problem()) : (new EventListQuery(status, limit, after), null);
    }
}
