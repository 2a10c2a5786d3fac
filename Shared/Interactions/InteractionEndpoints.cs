using EventWizard.Shared.Data;
using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Interactions;

/// <summary>The interaction routes' HTTP side: read and check the request, call the store, map the outcome.</summary>
public sealed class InteractionEndpoints(InteractionStore store)
{
    public async Task<IResult> AddAsync(HttpRequest request, Caller caller, string sessionId, CancellationToken ct)
    {
        if (SessionIds.CheckPath(sessionId) is { } invalid)
        {
            return invalid.ToResult();
        }
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem.ToResult();
        }
        var (add, problem) = InteractionRequest.Parse(body.Body);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        var row = await store.AddAsync(caller, sessionId, add!, ct);
        return row is null ? SessionProblems.NotFound().ToResult() : new JsonResult(row, StatusCodes.Status201Created);
    }

    public async Task<IResult> ListAsync(HttpRequest request, Caller caller, string sessionId, CancellationToken ct)
    {
        if (SessionIds.CheckPath(sessionId) is { } invalid)
        {
            return invalid.ToResult();
        }
        var (query, problem) = InteractionPageQuery.Parse(request.Query);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        var page = await store.PageAsync(caller, sessionId, query!, ct);
        if (page is null)
        {
            return SessionProblems.NotFound().ToResult();
        }
        if (!page.CursorFound)
        {
            return Problems.Validation("after", "not_found", "after is not the id of an interaction of this session.").ToResult();
        }
        return new JsonResult(new { items = page.Items, next = page.Next });
    }
}
