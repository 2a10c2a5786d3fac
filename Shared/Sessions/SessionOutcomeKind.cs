namespace EventWizard.Shared.Sessions;

/// <summary>How a session operation ended; <see cref="SessionResults"/> maps each to its response.</summary>
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
