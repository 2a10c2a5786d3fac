namespace EventWizard.Shared.Interactions;

/// <summary>A wizard_interactions row as the API shows it (redacted text reads <c>[REDACTED]</c>).</summary>
public sealed class InteractionRow
{
    public Guid Id { get; init; }
    public string Role { get; init; } = "";
    public string? Stage { get; init; }
    public string? Text { get; init; }
    public int? TokensUsed { get; init; }
    public string? Model { get; init; }
    public int? LatencyMs { get; init; }
    public short? CsatSmallint { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? RedactedAt { get; init; }

    public const string Columns = """
        i.id, i.role, i.stage,
        case when i.redacted_at is null then i.text else '[REDACTED]' end as text,
        i.tokens_used, i.model, i.latency_ms, i.csat_smallint, i.created_at, i.expires_at, i.redacted_at
        """;
}
