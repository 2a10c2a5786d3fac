using EventWizard.Shared.Http;
using System.Text.Json;
using System.Text.Json.Serialization;
using EventWizard.Shared.Stages;

namespace EventWizard.Shared.Sessions;

/// <summary>
/// The session row of api.md: stored columns in snake_case plus <c>issues</c> per data stage, with
/// <c>completed_stages</c> derived from the payloads by validation (in wizard order).
/// </summary>
public sealed record SessionView(
    string SessionId,
    Guid OrganizationId,
    Guid UserId,
    string CurrentStage,
    IReadOnlyList<string> CompletedStages,
    bool IsActive,
    string Status,
    JsonElement OrganizerData,
    JsonElement EventData,
    JsonElement TicketData,
    JsonElement VenueData,
    JsonElement PaymentData,
    Guid? EventId,
    int Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyDictionary<string, IReadOnlyList<FieldIssue>>? Issues,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime ExpiresAt)
{
    /// <summary>The row as the API shows it, <c>completed_stages</c> and <c>issues</c> judged from its payloads now.</summary>
    public static SessionView Of(SessionRow row, StageValidator validator)
    {
        var validation = SessionValidation.Of(validator, row.PayloadOf);
        return new SessionView(row.SessionId, row.OrganizationId, row.UserId, row.CurrentStage, validation.CompletedStages,
            row.IsActive, row.Status, row.OrganizerData, row.EventData, row.TicketData, row.VenueData, row.PaymentData,
            row.EventId, row.Version, validation.Issues, row.CreatedAt, row.UpdatedAt, row.ExpiresAt);
    }

    /// <summary>A whole row in the list (include=payloads): without <c>issues</c>, <c>completed_stages</c> as stored.</summary>
    public static SessionView Listed(SessionRow row) =>
        new(row.SessionId, row.OrganizationId, row.UserId, row.CurrentStage, row.CompletedStages, row.IsActive, row.Status,
            row.OrganizerData, row.EventData, row.TicketData, row.VenueData, row.PaymentData, row.EventId, row.Version,
            Issues: null, row.CreatedAt, row.UpdatedAt, row.ExpiresAt);
}
