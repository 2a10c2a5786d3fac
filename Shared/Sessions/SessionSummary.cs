namespace EventWizard.Shared.Sessions;

/// <summary>
/// A session in the list (GET /api/wizard-session): the row without its five payloads and without <c>issues</c>, plus
/// the event's title. <c>completed_stages</c> is as stored at the session's last change.
/// </summary>
public sealed record SessionSummary(
    string SessionId,
    Guid OrganizationId,
    Guid UserId,
    string CurrentStage,
    IReadOnlyList<string> CompletedStages,
    bool IsActive,
    string Status,
    string? Title,
    Guid? EventId,
    int Version,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime ExpiresAt)
{
    public static SessionSummary Of(ListedSession row) => new(row.SessionId, row.OrganizationId, row.UserId, row.CurrentStage,
        row.CompletedStages, row.IsActive, row.Status, row.Title, row.EventId, row.Version, row.CreatedAt, row.UpdatedAt,
        row.ExpiresAt);
}
