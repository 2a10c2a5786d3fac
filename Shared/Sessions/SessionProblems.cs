using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Sessions;

/// <summary>The problems of the session routes.</summary>
public static class SessionProblems
{
    /// <summary>The same for an unknown id and another organization's id: nothing tells them apart.</summary>
    public static Problem NotFound() =>
        Problem.Of(StatusCodes.Status404NotFound, "session_not_found", "Session not found", "There is no session with this id.");

    /// <summary>409 with the session's status under <c>session_status</c> (the problem's own <c>status</c> is the HTTP code).</summary>
    public static Problem Closed(string sessionStatus) =>
        Problem.Of(StatusCodes.Status409Conflict, "session_closed", "Session closed",
            $"The session is {sessionStatus.Replace('_', ' ')} and can no longer be changed.")
        with { Extensions = new() { ["session_status"] = sessionStatus } };

    /// <summary>412 with the current row under <c>current</c>, so the client can merge without another GET.</summary>
    public static Problem VersionMismatch(SessionView current) =>
        Problem.Of(StatusCodes.Status412PreconditionFailed, "version_mismatch", "Version mismatch",
            $"The session has changed since the version you sent (it is now at version {current.Version}).")
        with { Extensions = new() { ["current"] = current } };

    public static Problem StageIncomplete(IReadOnlyList<FieldIssue> issues) =>
        Problem.Of(StatusCodes.Status422UnprocessableEntity, "stage_incomplete", "Stage incomplete",
            "The wizard cannot move forward past stages that are not complete.").WithIssues(issues);

    public static Problem UnknownStage(string field, string value) =>
        Problem.Of(StatusCodes.Status400BadRequest, "unknown_stage", "Unknown stage",
            $"{field} must be one of organizerSetup, eventSetup, ticketSetup, venueSetup, paymentSetup, reviewPublish " +
            "(or organizer, event, ticket, venue, payment).")
        .WithIssues(new FieldIssue(field, "invalid_value", $"'{Shorten(value)}' is not a stage."));

    public static Problem StageTakesNoData() =>
        Problem.Of(StatusCodes.Status422UnprocessableEntity, "stage_takes_no_data", "Stage takes no data",
            "reviewPublish has no payload; send data with one of the five data stages.")
        .WithIssues(new FieldIssue("data", "not_allowed", "reviewPublish takes no data."));

    public static Problem DataTooLarge(int limitBytes) =>
        Problem.Of(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "Payload too large",
            $"data is over {limitBytes / 1024} KiB once serialized.")
        .WithIssues(new FieldIssue("data", "too_long", $"data must be at most {limitBytes / 1024} KiB serialized."));

    /// <summary>A value PostgreSQL cannot store in jsonb (for example a number beyond numeric's range).</summary>
    public static Problem UnstorableData() =>
        Problem.Of(StatusCodes.Status400BadRequest, "invalid_data", "Invalid data",
            "data holds a value that cannot be stored (such as a number beyond the supported range).")
        .WithIssues(new FieldIssue("data", "out_of_range", "data holds a value that cannot be stored."));

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
