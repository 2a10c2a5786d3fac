namespace EventWizard.Shared.Actions;

/// <summary>An action as GET /api/wizard-session/{sessionId}/actions lists it.</summary>
public sealed class ActionRow
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";

    /// <summary>Who asked for it: the caller of the request, whoever created the session.</summary>
    public Guid UserId { get; init; }
    public string Status { get; init; } = "";
    public string IdempotencyKey { get; init; } = "";
    public string? ErrorMessage { get; init; }
    public int? ExecutionTimeMs { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}
