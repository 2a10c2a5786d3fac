using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Actions;

/// <summary>The idempotency problems every action route (publish-event, connect-stripe) shares.</summary>
public static class ActionProblems
{
    public static Problem KeyReused() =>
        Problem.Of(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused", "Idempotency key reused",
            "This idempotency key was already used for a different request. Use a new key for a different request.")
        .WithIssues(new FieldIssue(IdempotencyKey.BodyField, "reused", "This key was already used for a different request."));

    public static Problem RequestInProgress() =>
        Problem.Of(StatusCodes.Status409Conflict, "request_in_progress", "Request in progress",
            "A request with this idempotency key is still being processed. Retry after the time in Retry-After.");
}
