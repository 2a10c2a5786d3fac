using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventWizard.Shared.Events;

/// <summary>
/// The columns of an event that anyone may see, shared by <see cref="PublicEventRow"/> and <see cref="EventRow"/>.
/// Not a public row itself, so an organization's row can never be written out as a public one by mistake (JSON
/// bodies are written by runtime type). <see cref="JsonPropertyOrder"/> keeps the field order of the bodies,
/// with <see cref="EventRow"/>'s private fields in between.
/// </summary>
public abstract class EventFields
{
    [JsonPropertyOrder(1)] public Guid Id { get; init; }
    [JsonPropertyOrder(4)] public string Title { get; init; } = "";
    [JsonPropertyOrder(5)] public string Slug { get; init; } = "";
    [JsonPropertyOrder(6)] public string Type { get; init; } = "";
    [JsonPropertyOrder(7)] public string? Description { get; init; }
    [JsonPropertyOrder(8)] public string EventDate { get; init; } = "";
    [JsonPropertyOrder(9)] public string StartTime { get; init; } = "";
    [JsonPropertyOrder(10)] public string? EndTime { get; init; }
    [JsonPropertyOrder(11)] public string Timezone { get; init; } = "";
    [JsonPropertyOrder(12)] public string? VenueMode { get; init; }
    [JsonPropertyOrder(13)] public JsonElement VenueData { get; init; }
    [JsonPropertyOrder(14)] public JsonElement TicketTiers { get; init; }
    [JsonPropertyOrder(15)] public int? TotalCapacity { get; init; }
    [JsonPropertyOrder(17)] public bool PaymentEnabled { get; init; }
    [JsonPropertyOrder(18)] public string Status { get; init; } = "";
    [JsonPropertyOrder(19)] public DateTime? PublishedAt { get; init; }
    [JsonPropertyOrder(21)] public DateTime CreatedAt { get; init; }
    [JsonPropertyOrder(22)] public DateTime UpdatedAt { get; init; }
}
