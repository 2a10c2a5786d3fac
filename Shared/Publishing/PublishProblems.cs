using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Publishing;

/// <summary>The problems of POST /api/publish-event and the session's actions route.</summary>
public static class PublishProblems
{
    public static Problem SessionNotFound() =>
        Problem.Of(StatusCodes.Status404NotFound, "session_not_found", "Session not found", "There is no wizard session with that id.");

    /// <summary>409 with the session's status (<c>session_status</c>: abandoned, expired or completed).</summary>
    public static Problem SessionClosed(string status) =>
        Problem.Of(StatusCodes.Status409Conflict, "session_closed", "Session closed",
            $"The wizard session is {status} and can no longer be published.")
        with { Extensions = new() { ["session_status"] = status } };

    public static Problem SessionIncomplete(IReadOnlyDictionary<string, string[]> errors) =>
        Problem.Of(StatusCodes.Status422UnprocessableEntity, "session_incomplete", "Session incomplete",
            "The session cannot be published until every stage is complete. Fix the fields listed in errors and publish again (the same idempotency key may be used).")
        with { Errors = errors };

    public static Problem KeyReused() =>
        Problem.Of(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused", "Idempotency key reused",
            "This idempotency key was already used for a different request. Use a new key for a different session.");

    public static Problem RequestInProgress() =>
        Problem.Of(StatusCodes.Status409Conflict, "request_in_progress", "Request in progress",
            "A request with this idempotency key is still being processed. Retry after the time in Retry-After.");
}
