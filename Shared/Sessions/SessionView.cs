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
    /// <summary>
    /// The row as the API shows it, <c>completed_stages</c> and <c>issues</c> from <paramref name="validation"/> (the
    /// judgement of its payloads now); <paramref name="withIssues"/> false for the list's whole rows.
    /// </summary>
    public static SessionView Of(SessionRow row, SessionValidation validation, bool withIssues = true) =>
        new(row.SessionId, row.OrganizationId, row.UserId, row.CurrentStage, validation.CompletedStages, row.IsActive, row.Status,
            row.OrganizerData, row.EventData, row.TicketData, row.VenueData, row.PaymentData, row.EventId, row.Version,
            withIssues ? validation.Issues : null, row.CreatedAt, row.UpdatedAt, row.ExpiresAt);
}
