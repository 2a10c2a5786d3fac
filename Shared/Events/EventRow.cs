using System.Text.Json;

namespace EventWizard.Shared.Events;

/// <summary>An event as the organization's routes return it (snake_case column names).</summary>
public sealed class EventRow
{
    public Guid Id { get; init; }
    public Guid OrganizationId { get; init; }
    public Guid UserId { get; init; }
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
    public string? StripeAccountId { get; init; }
    public bool PaymentEnabled { get; init; }
    public string Status { get; init; } = "";
    public DateTime? PublishedAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public string SourceSessionId { get; init; } = "";
}
