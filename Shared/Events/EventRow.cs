using System.Text.Json.Serialization;

namespace EventWizard.Shared.Events;

/// <summary>An event as the organization's routes return it (snake_case column names): the shared fields and the private ones.</summary>
public sealed class EventRow : EventFields
{
    [JsonPropertyOrder(3)] public Guid UserId { get; init; }
    [JsonPropertyOrder(16)] public string? StripeAccountId { get; init; }
    [JsonPropertyOrder(22)] public string SourceSessionId { get; init; } = "";
}
