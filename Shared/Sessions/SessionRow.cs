namespace EventWizard.Shared.Sessions;

/// <summary>
/// A wizard_sessions row as the session queries read it: <c>status</c> and <c>is_active</c> already show a
/// session past its <c>expires_at</c> as expired. The stage payloads and their stage mapping come from
/// <see cref="SessionPayloads"/>; completeness is not stored (<see cref="SessionAutosave"/> says why).
/// </summary>
public class SessionRow : SessionPayloads
{
    public string SessionId { get; init; } = "";
    public Guid OrganizationId { get; init; }
    public Guid UserId { get; init; }
    public string CurrentStage { get; init; } = "";
    public bool IsActive { get; init; }
    public string Status { get; init; } = "";
    public Guid? EventId { get; init; }
    public int Version { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }

    public bool IsOpen => Status == SessionStatuses.InProgress;

    /// <summary>
    /// The columns every session query returns, with expiry applied at read time: a session whose
    /// <c>expires_at</c> has passed reads as <c>expired</c> and inactive before the nightly job marks it.
    /// </summary>
    public const string Columns = """
        s.session_id, s.organization_id, s.user_id, s.current_stage,
        (s.is_active and s.expires_at > now()) as is_active,
        case when s.status = 'in_progress' and s.expires_at <= now() then 'expired' else s.status end as status,
        s.organizer_data, s.event_data, s.ticket_data, s.venue_data, s.payment_data,
        s.event_id, s.version, s.created_at, s.updated_at, s.expires_at
        """;
}
