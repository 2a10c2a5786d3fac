using System.Text.Json.Serialization;

namespace EventWizard.Shared.Cleanup;

/// <summary>What one cleanup run changed, across all tenants.</summary>
/// <param name="Completed">False when the time budget ran out with work left (the next run carries on).</param>
/// <param name="Skipped">True when another run held the lock; nothing was done.</param>
/// <param name="LongestStatementMs">The slowest single batch statement of the run.</param>
public sealed record CleanupReport(
    [property: JsonPropertyName("sessionsExpired")] long SessionsExpired,
    [property: JsonPropertyName("interactionsRedacted")] long InteractionsRedacted,
    [property: JsonPropertyName("sessionsDeleted")] long SessionsDeleted,
    [property: JsonPropertyName("actionsReleased")] long ActionsReleased,
    [property: JsonPropertyName("completed")] bool Completed,
    [property: JsonPropertyName("skipped")] bool Skipped,
    [property: JsonPropertyName("elapsedMs")] long ElapsedMs,
    [property: JsonPropertyName("longestStatementMs")] long LongestStatementMs);
