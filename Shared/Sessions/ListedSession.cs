namespace EventWizard.Shared.Sessions;

/// <summary>A session as the list reads it: the row (payloads only when asked for) and the event title, if any.</summary>
public sealed class ListedSession : SessionRow
{
    public string? Title { get; init; }

    /// <summary>The columns of a listed session: <see cref="SessionRow.Columns"/>, or those without the payloads.</summary>
    public static string ColumnsOf(bool payloads) => (payloads ? SessionRow.Columns : SummaryColumns) + TitleColumn;

    private const string SummaryColumns = """
        s.session_id, s.organization_id, s.user_id, s.current_stage, s.completed_stages,
        (s.is_active and s.expires_at > now()) as is_active,
        case when s.status = 'in_progress' and s.expires_at <= now() then 'expired' else s.status end as status,
        s.event_id, s.version, s.created_at, s.updated_at, s.expires_at
        """;

    private const string TitleColumn = """
        , case when jsonb_typeof(s.event_data -> 'title') = 'string' then left(s.event_data ->> 'title', 255) end as title
        """;
}
