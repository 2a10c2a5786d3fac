using System.Text.Json;

namespace EventWizard.Shared.Events;

/// <summary>A published event as the anonymous route returns it: no user_id, stripe_account_id or source_session_id.</summary>
public sealed class PublicEventRow
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public string Title { get; init; } = "";
    public string Slug { get; init; } = "";
    public string Type { get; init; } = "";
    public string? Description { get; init; }
    public string EventDate { get; init; } = "";
    public string StartTime { get; init; } = "";
    public string? EndTime { get; init; }
    public string Timezone { get; init; } = "";
    public string? VenueMode { get; init; }
    public JsonElement VenueData { get; init; }
    public JsonElement TicketTiers { get; init; }
    public int? TotalCapacity { get; init; }
    public bool PaymentEnabled { get; init; }
    public string Status { get; init; } = "";
    public DateTime? PublishedAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}
