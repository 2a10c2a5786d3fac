using EventWizard.Shared.Http;
using EventWizard.Shared.Stages;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Sessions;

/// <summary>
/// The responses of the session routes, from their outcomes (the one place that writes them). A session is shown
/// as <see cref="SessionView"/>, judged once per request: the operation's judgement when it made one
/// (<see cref="SessionOutcome.Validation"/>), else the mapper judges the row's payloads now, so it takes the validator.
/// </summary>
public static class SessionResults
{
    public static IResult Of(SessionOutcome outcome, StageValidator validator) => outcome.Kind switch
    {
        SessionOutcomeKind.Created => Row(outcome.Row!, StatusCodes.Status201Created, outcome.Validation ?? Judge(outcome.Row!, validator))
            .WithHeader("Location", $"/api/wizard-session/{outcome.Row!.SessionId}"),
        SessionOutcomeKind.Ok => Row(outcome.Row!, StatusCodes.Status200OK, outcome.Validation ?? Judge(outcome.Row!, validator)),
        SessionOutcomeKind.NotFound => SessionProblems.NotFound().ToResult(),
        SessionOutcomeKind.Closed => SessionProblems.Closed(outcome.Row!.Status).ToResult(),
        SessionOutcomeKind.VersionMismatch => SessionProblems.VersionMismatch(SessionView.Of(outcome.Row!, Judge(outcome.Row!, validator))).ToResult()
            .WithHeader("ETag", EntityTags.Of(outcome.Row!.Version)),
        SessionOutcomeKind.StageIncomplete => SessionProblems.StageIncomplete(outcome.Issues!).ToResult(),
        SessionOutcomeKind.UnstorableData => SessionProblems.UnstorableData().ToResult(),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome.Kind}."),
    };

    /// <summary>200 with the row and its ETag; 304 when <paramref name="ifNoneMatch"/> names the current version; 404 for no row.</summary>
    public static IResult Read(SessionRow? row, string? ifNoneMatch, StageValidator validator)
    {
        if (row is null)
        {
            return SessionProblems.NotFound().ToResult();
        }
        // Expiry by the clock does not change the version: never let a 304 keep a stale in-progress copy alive.
        if (row.Status != SessionStatuses.Expired && EntityTags.Matches(ifNoneMatch, row.Version))
        {
            return new JsonResult(null, StatusCodes.Status304NotModified).WithHeader("ETag", EntityTags.Of(row.Version));
        }
        return Row(row, StatusCodes.Status200OK, Judge(row, validator));
    }

    /// <summary>A page of the list: summaries, or whole rows when the query asked for the payloads.</summary>
    public static IResult Listed((IReadOnlyList<SessionRow> Items, PageCursor? Next) page, ListSessionsQuery query,
        StageValidator validator)
    {
        IEnumerable<object> items = query.IncludePayloads
            ? page.Items.Select(row => SessionView.Of(row, Judge(row, validator), withIssues: false))
            : page.Items.Select(row => SessionSummary.Of(row, Judge(row, validator)));
        return new JsonResult(new { items, next = page.Next?.Encode() });
    }

    private static JsonResult Row(SessionRow row, int status, SessionValidation validation) =>
        new JsonResult(SessionView.Of(row, validation), status).WithHeader("ETag", EntityTags.Of(row.Version));

    private static SessionValidation Judge(SessionRow row, StageValidator validator) => SessionValidation.Of(validator, row.PayloadOf);
}
