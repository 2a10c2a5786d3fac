using EventWizard.Shared.Http;
using EventWizard.Shared.Stages;

namespace EventWizard.Shared.Sessions;

/// <summary>What a session operation came to; mapped to HTTP in one place (<see cref="SessionEndpoints"/>).</summary>
public sealed record SessionOutcome(SessionOutcomeKind Kind, SessionRow? Row = null,
    IReadOnlyList<FieldIssue>? Issues = null)
{
    /// <summary>The judgement of the row's payloads when the operation already made it (the response reuses it).</summary>
    public SessionValidation? Validation { get; init; }

    public static SessionOutcome Created(SessionRow row) => new(SessionOutcomeKind.Created, row);

    public static SessionOutcome Ok(SessionRow row) => new(SessionOutcomeKind.Ok, row);

    public static readonly SessionOutcome NotFound = new(SessionOutcomeKind.NotFound);

    /// <summary>PostgreSQL refused a value of the payload (a data exception, SQLSTATE class 22).</summary>
    public static readonly SessionOutcome UnstorableData = new(SessionOutcomeKind.UnstorableData);

    /// <summary>Completed, abandoned or expired; <see cref="Row"/> carries its status.</summary>
    public static SessionOutcome Closed(SessionRow row) => new(SessionOutcomeKind.Closed, row);

    /// <summary>If-Match was stale; <see cref="Row"/> is the current row.</summary>
    public static SessionOutcome VersionMismatch(SessionRow current) => new(SessionOutcomeKind.VersionMismatch, current);

    public static SessionOutcome StageIncomplete(IReadOnlyList<FieldIssue> issues) =>
        new(SessionOutcomeKind.StageIncomplete, Issues: issues);
}

public enum SessionOutcomeKind
{
    Created,
    Ok,
    NotFound,
    Closed,
    VersionMismatch,
    StageIncomplete,
    UnstorableData,
}
