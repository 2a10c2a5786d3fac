using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Sessions;

/// <summary>GET /api/wizard-session?status=&amp;mine=&amp;limit=&amp;cursor=&amp;include=payloads: checked query parameters.</summary>
public sealed record ListSessionsQuery(string Status, bool Mine, int Limit, PageCursor After, bool IncludePayloads)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    private static readonly string[] Includes = ["payloads"];

    public static (ListSessionsQuery? Query, Problem? Problem) Parse(IQueryCollection query)
    {
        var parameters = new QueryParameters(query);
        var status = parameters.OneOf("status", SessionStatuses.All, SessionStatuses.InProgress)!;
        var mine = parameters.Boolean("mine", fallback: false);
        var limit = parameters.Integer("limit", 1, MaxLimit, DefaultLimit);
        var after = parameters.Cursor();
        var include = parameters.OneOf("include", Includes, fallback: null);
        return parameters.HasIssues
            ? (null, parameters.Problem())
            : (new ListSessionsQuery(status, mine, limit, after, include == "payloads"), null);
    }
}
