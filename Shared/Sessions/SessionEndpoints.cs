using EventWizard.Shared.Data;
using EventWizard.Shared.Http;
using EventWizard.Shared.Stages;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Sessions;

/// <summary>
/// The session routes' HTTP side: reads body, query and precondition headers, calls the store, and maps
/// every <see cref="SessionOutcome"/> to its response (the one place that does).
/// </summary>
public sealed class SessionEndpoints(SessionStore store, SessionAutosave autosave, StageValidator validator)
{
    public async Task<IResult> CreateAsync(HttpRequest request, Caller caller, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct, allowEmpty: true);
        if (body.Problem is not null)
        {
            return body.Problem.ToResult();
        }
        var (create, problem) = CreateSessionRequest.Parse(body.Body);
        return problem is not null ? problem.ToResult() : Result(await store.CreateAsync(caller, create!.SessionId, ct));
    }

    /// <summary>200 with the row and its ETag; 304 when If-None-Match names the current version.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, Caller caller, string sessionId, CancellationToken ct)
    {
        if (SessionIds.CheckPath(sessionId) is { } invalid)
        {
            return invalid.ToResult();
        }
        var row = await store.GetAsync(caller, sessionId, ct);
        if (row is null)
        {
            return SessionProblems.NotFound().ToResult();
        }
        // Expiry by the clock does not change the version: never let a 304 keep a stale in-progress copy alive.
        if (row.Status != SessionStatuses.Expired && EntityTags.Matches(request.Headers.IfNoneMatch, row.Version))
        {
            return new JsonResult(null, StatusCodes.Status304NotModified).WithHeader("ETag", EntityTags.Of(row.Version));
        }
        return Row(row, StatusCodes.Status200OK);
    }

    public async Task<IResult> ListAsync(HttpRequest request, Caller caller, CancellationToken ct)
    {
        var (query, problem) = ListSessionsQuery.Parse(request.Query);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        var (rows, next) = await store.ListAsync(caller, query!, ct);
        IEnumerable<object> items = query!.IncludePayloads
            ? rows.Select(row => SessionView.Of(row, Judge(row), withIssues: false))
            : rows.Select(row => SessionSummary.Of(row, Judge(row)));
        return new JsonResult(new { items, next = next?.Encode() });
    }

    public async Task<IResult> AutosaveAsync(HttpRequest request, Caller caller, string? pathSessionId, CancellationToken ct)
    {
        if (pathSessionId is not null && SessionIds.CheckPath(pathSessionId) is { } invalid)
        {
            return invalid.ToResult();
        }
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem.ToResult();
        }
        var (save, problem) = AutosaveRequest.Parse(body.Body, pathSessionId);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        return Result(await autosave.SaveAsync(caller, save!, EntityTags.Versions(request.Headers.IfMatch), ct));
    }

    public async Task<IResult> AbandonAsync(HttpRequest request, Caller caller, string sessionId, CancellationToken ct)
    {
        if (SessionIds.CheckPath(sessionId) is { } invalid)
        {
            return invalid.ToResult();
        }
        return Result(await store.AbandonAsync(caller, sessionId, EntityTags.Versions(request.Headers.IfMatch), ct));
    }

    private IResult Result(SessionOutcome outcome) => outcome.Kind switch
    {
        SessionOutcomeKind.Created => Row(outcome.Row!, StatusCodes.Status201Created, outcome.Validation)
            .WithHeader("Location", $"/api/wizard-session/{outcome.Row!.SessionId}"),
        SessionOutcomeKind.Ok => Row(outcome.Row!, StatusCodes.Status200OK, outcome.Validation),
        SessionOutcomeKind.NotFound => SessionProblems.NotFound().ToResult(),
        SessionOutcomeKind.Closed => SessionProblems.Closed(outcome.Row!.Status).ToResult(),
        SessionOutcomeKind.VersionMismatch => SessionProblems.VersionMismatch(SessionView.Of(outcome.Row!, Judge(outcome.Row!))).ToResult()
            .WithHeader("ETag", EntityTags.Of(outcome.Row!.Version)),
        SessionOutcomeKind.StageIncomplete => SessionProblems.StageIncomplete(outcome.Issues!).ToResult(),
        SessionOutcomeKind.UnstorableData => SessionProblems.UnstorableData().ToResult(),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome.Kind}."),
    };

    /// <summary>The row with its ETag; judged once: <paramref name="validation"/> when the operation already judged it.</summary>
    private JsonResult Row(SessionRow row, int status, SessionValidation? validation = null) =>
        new JsonResult(SessionView.Of(row, validation ?? Judge(row)), status).WithHeader("ETag", EntityTags.Of(row.Version));

    private SessionValidation Judge(SessionRow row) => SessionValidation.Of(validator, row.PayloadOf);

}
