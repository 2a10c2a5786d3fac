using System.Text.Json;
using EventWizard.Shared.Http;

namespace EventWizard.Shared.Publishing;

/// <summary>The outcome of a publish request or its dry run, mapped to HTTP in <see cref="PublishResults"/>.</summary>
public sealed record PublishOutcome(PublishOutcomeKind Kind)
{
    /// <summary>The event row as the API returns it (stored as the action's result, so a replay returns the same body).</summary>
    public JsonElement? Event { get; init; }
    /// <summary>The id of the event a session was already published as (before <see cref="Event"/> is read).</summary>
    public Guid? EventId { get; init; }
    public string? SessionStatus { get; init; }
    public IReadOnlyList<FieldIssue>? Issues { get; init; }

    public static PublishOutcome Created(JsonElement evt) => new(PublishOutcomeKind.Created) { Event = evt };
    public static PublishOutcome Replayed(JsonElement evt) => new(PublishOutcomeKind.Replayed) { Event = evt };
    public static PublishOutcome AlreadyPublished(JsonElement evt) => new(PublishOutcomeKind.AlreadyPublished) { Event = evt };
    public static PublishOutcome AlreadyPublishedAs(Guid eventId) => new(PublishOutcomeKind.AlreadyPublished) { EventId = eventId };
    public static PublishOutcome Closed(string status) => new(PublishOutcomeKind.SessionClosed) { SessionStatus = status };
    public static PublishOutcome Incomplete(IReadOnlyList<FieldIssue> issues) => new(PublishOutcomeKind.SessionIncomplete) { Issues = issues };
    public static readonly PublishOutcome NotFound = new(PublishOutcomeKind.SessionNotFound);
    public static readonly PublishOutcome KeyReused = new(PublishOutcomeKind.KeyReused);
    public static readonly PublishOutcome InProgress = new(PublishOutcomeKind.InProgress);
    public static readonly PublishOutcome StripeAccountNotReady = new(PublishOutcomeKind.StripeAccountNotReady);
    public static PublishOutcome StripeFailed(string message) => new(PublishOutcomeKind.StripeError) { StripeMessage = message };

    /// <summary>The dry run's answer: <see cref="Issues"/> lists everything publish would refuse (empty: ready).</summary>
    public static PublishOutcome Checked(IReadOnlyList<FieldIssue> issues) => new(PublishOutcomeKind.Checked) { Issues = issues };

    public string? StripeMessage { get; init; }
}
