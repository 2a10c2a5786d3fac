using System.Text.Json.Serialization;

namespace EventWizard.Shared.Events;

/// <summary>An event as the organization's routes return it (snake_case column names): the shared fields and the private ones.</summary>
public sealed class EventRow : EventFields
{
    [JsonPropertyOrder(2)] public Guid OrganizationId { get; init; }
    [JsonPropertyOrder(3)] public Guid UserId { get; init; }
    [JsonPropertyOrder(16)] public string? StripeAccountId { get; init; }

    /// <summary>The caller who published it (<see cref="UserId"/> stays the session's creator).</summary>
    [JsonPropertyOrder(20)] public Guid? PublishedBy { get; init; }
    [JsonPropertyOrder(23)] public string SourceSessionId { get; init; } = "";
}
