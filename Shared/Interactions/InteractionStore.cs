using EventWizard.Shared.Data;

namespace EventWizard.Shared.Interactions;

/// <summary>The transcript of a session: append and page through, one round trip each.</summary>
public sealed class InteractionStore(TenantDb db)
{
    /// <summary>Appends an interaction; null when the organization has no such session. Closed sessions take them too.</summary>
    public async Task<InteractionRow?> AddAsync(Caller caller, string sessionId, InteractionRequest request, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<InteractionRow>(caller, AddSql, new
        {
            org = caller.OrganizationId,
            session_id = sessionId,
            role = request.Role,
            stage = request.Stage,
            text = request.Text,
            tokens_used = request.TokensUsed,
            model = request.Model,
            latency_ms = request.LatencyMs,
            csat = request.Csat,
        }, ct);

    // The session's transcript lock first (sql/001): the row's seq is taken after it, so seq order is commit order.
    private const string AddSql = $"""
        with i as (
            insert into wizard_interactions (organization_id, session_id, role, stage, text, tokens_used, model, latency_ms, csat_smallint)
            select s.organization_id, s.session_id, @role, @stage, @text, @tokens_used, @model, @latency_ms, @csat::smallint
            from wizard_sessions s
            cross join lateral wizard_interactions_lock(s.organization_id, s.session_id)
            where s.organization_id = @org and s.session_id = @session_id
            returning *
        )
        select {InteractionRow.Columns} from i
        """;

    /// <summary>A page of the transcript, oldest first, after the cursor; null when there is no such session.</summary>
    public async Task<InteractionPage?> PageAsync(Caller caller, string sessionId, InteractionPageQuery query, CancellationToken ct)
    {
        var rows = await db.QueryAsync<PageRow>(caller, PageSql, new
        {
            org = caller.OrganizationId,
            session_id = sessionId,
            after = query.After,
            take = query.Limit + 1,
        }, ct);
        if (rows.Count == 0)
        {
            return null;
        }
        if (!rows[0].CursorFound)
        {
            return InteractionPage.UnknownCursor;
        }
        var items = rows.Where(r => r.Id is not null).Select(r => r.ToRow()).ToList();
        var next = items.Count > query.Limit ? items[query.Limit - 1].Id.ToString() : null;
        return new InteractionPage([.. items.Take(query.Limit)], next, CursorFound: true);
    }

    // One row per interaction, or a single row of nulls when the session has none; none at all when the
    // organization has no such session. The cursor is the seq of the interaction named by after: within a session,
    // seq order is commit order (sql/001), so a row committed after this page was read comes after the cursor.
    private const string PageSql = """
        select true as session_found, (@after::uuid is null or c.id is not null) as cursor_found,
               i.id, i.role, i.stage, i.text, i.tokens_used, i.model, i.latency_ms, i.csat_smallint,
               i.created_at, i.expires_at, i.redacted_at
        from wizard_sessions s
        left join wizard_interactions c
               on c.organization_id = s.organization_id and c.session_id = s.session_id and c.id = @after::uuid
        left join lateral (
            select i.id, i.seq, i.role, i.stage,
                   case when i.redacted_at is null then i.text else '[REDACTED]' end as text,
                   i.tokens_used, i.model, i.latency_ms, i.csat_smallint, i.created_at, i.expires_at, i.redacted_at
            from wizard_interactions i
            where i.organization_id = s.organization_id and i.session_id = s.session_id
              and (@after::uuid is null or i.seq > c.seq)
            order by i.seq
            limit @take
        ) i on true
        where s.organization_id = @org and s.session_id = @session_id
        order by i.seq
        """;

    private sealed class PageRow
    {
        public bool SessionFound { get; init; }
        public bool CursorFound { get; init; }
        public Guid? Id { get; init; }
        public string? Role { get; init; }
        public string? Stage { get; init; }
        public string? Text { get; init; }
        public int? TokensUsed { get; init; }
        public string? Model { get; init; }
        public int? LatencyMs { get; init; }
        public short? CsatSmallint { get; init; }
        public DateTime? CreatedAt { get; init; }
        public DateTime? ExpiresAt { get; init; }
        public DateTime? RedactedAt { get; init; }

        public InteractionRow ToRow() => new()
        {
            Id = Id!.Value, Role = Role!, Stage = Stage, Text = Text, TokensUsed = TokensUsed, Model = Model,
            LatencyMs = LatencyMs, CsatSmallint = CsatSmallint, CreatedAt = CreatedAt!.Value, ExpiresAt = ExpiresAt!.Value,
            RedactedAt = RedactedAt,
        };
    }
}
