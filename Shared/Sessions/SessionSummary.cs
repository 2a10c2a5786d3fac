using System.Text.Json;
using EventWizard.Shared.Stages;

namespace EventWizard.Shared.Sessions;

/// <summary>
/// A session in the list (GET /api/wizard-session): the row without its five payloads and without <c>issues</c>, plus
/// the event's title (<c>event_data.title</c> when it is a string).
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
    public static SessionSummary Of(SessionRow row, SessionValidation validation) => new(row.SessionId, row.OrganizationId,
        row.UserId, row.CurrentStage, validation.CompletedStages, row.IsActive, row.Status, TitleOf(row.EventData), row.EventId,
        row.Version, row.CreatedAt, row.UpdatedAt, row.ExpiresAt);

    private static string? TitleOf(JsonElement eventData) =>
        eventData.ValueKind == JsonValueKind.Object && eventData.TryGetProperty("title", out var title)
            && title.ValueKind == JsonValueKind.String ? title.GetString() : null;
}
