using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;

namespace EventWizard.Shared.Actions;

/// <summary>
/// The responses every action route (publish-event, connect-stripe) gives alike, which their own mappers use, and
/// the session's list of actions.
/// </summary>
public static class ActionResults
{
    public const string RetryAfterSeconds = "1";

    /// <summary>200 with the first answer to this key, marked as a replay.</summary>
    public static JsonResult Replayed(object? firstAnswer) => new JsonResult(firstAnswer).WithHeader("Idempotent-Replayed", "true");

    /// <summary>409 while another request with the key is running, with when to try again.</summary>
    public static JsonResult RequestInProgress() => ActionProblems.RequestInProgress().ToResult().WithHeader("Retry-After", RetryAfterSeconds);

    /// <summary>200 with the session's actions; 404 when the organization has no such session.</summary>
    public static JsonResult Listed(IReadOnlyList<ActionRow>? actions) =>
        actions is null ? SessionProblems.NotFound().ToResult() : new JsonResult(new { items = actions });
}
