using EventWizard.Shared.Data;

namespace EventWizard.Shared.Sessions;

/// <summary>Create/resume, read, list and abandon sessions. Each is one round trip in the usual case.</summary>
public sealed class SessionStore(TenantDb db)
{
    /// <summary>
    /// Creates the session, or resumes it when the id is already the organization's. Concurrent creates of
    /// one id make one session: the losers' insert does nothing and they read the winner's row.
    /// </summary>
    public async Task<SessionOutcome> CreateAsync(Caller caller, string? sessionId, CancellationToken ct)
    {
        var id = sessionId ?? SessionIds.NewId();
        var param = new { org = caller.OrganizationId, user = caller.UserId, session_id = id };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var row = await db.QuerySingleOrDefaultAsync<CreatedSessionRow>(caller, CreateSql, param, ct)
                // Lost a race: the winner committed after this statement's snapshot; a new statement sees it.
                ?? await db.QuerySingleOrDefaultAsync<CreatedSessionRow>(caller, ReadForCreateSql, param, ct);
            if (row is not null)
            {
                return row.Created ? SessionOutcome.Created(row) : row.IsOpen ? SessionOutcome.Ok(row) : SessionOutcome.Closed(row);
            }
            // The winner rolled back between the two statements: try again.
        }
        throw new InvalidOperationException($"Could not create or read session {id} after 3 attempts.");
    }

    private const string CreateSql = $"""
        with ins as (
            insert into wizard_sessions (organization_id, session_id, user_id)
            values (@org, @session_id, @user)
            on conflict (organization_id, session_id) do nothing
            returning *
        )
        select true as created, {SessionRow.Columns} from ins s
        union all
        select false, {SessionRow.Columns} from wizard_sessions s
        where s.organization_id = @org and s.session_id = @session_id and not exists (select from ins)
        """;

    private const string ReadForCreateSql = $"""
        select false as created, {SessionRow.Columns} from wizard_sessions s
        where s.organization_id = @org and s.session_id = @session_id
        """;

    public async Task<SessionRow?> GetAsync(Caller caller, string sessionId, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<SessionRow>(caller, GetSql,
            new { org = caller.OrganizationId, session_id = sessionId }, ct);

    private const string GetSql = $"""
        select {SessionRow.Columns} from wizard_sessions s
        where s.organization_id = @org and s.session_id = @session_id
        """;

    /// <summary>The organization's sessions in <paramref name="query"/>'s status, newest change first.</summary>
    public async Task<IReadOnlyList<SessionRow>> ListAsync(Caller caller, ListSessionsQuery query, CancellationToken ct)
    {
        // Stored in_progress rows past expires_at read as expired: they belong to the expired list only.
        string[] stored = query.Status == SessionStatuses.Expired
            ? [SessionStatuses.Expired, SessionStatuses.InProgress]
            : [query.Status];
        return await db.QueryAsync<SessionRow>(caller, ListSql, new
        {
            org = caller.OrganizationId,
            user = caller.UserId,
            stored,
            status = query.Status,
            mine = query.Mine,
            limit = query.Limit,
        }, ct);
    }

    private const string ListSql = $"""
        select * from (
            select {SessionRow.Columns} from wizard_sessions s
            where s.organization_id = @org and s.status = any(@stored) and (not @mine or s.user_id = @user)
        ) s
        where s.status = @status
        order by s.updated_at desc, s.session_id
        limit @limit
        """;

    /// <summary>Marks an open session abandoned; closed, stale (If-Match) and unknown sessions are diagnosed.</summary>
    public async Task<SessionOutcome> AbandonAsync(Caller caller, string sessionId, int[]? ifMatch, CancellationToken ct)
    {
        var param = new { org = caller.OrganizationId, session_id = sessionId, if_match = ifMatch };
        var row = await db.QuerySingleOrDefaultAsync<SessionRow>(caller, AbandonSql, param, ct);
        if (row is not null)
        {
            return SessionOutcome.Ok(row);
        }
        var current = await GetAsync(caller, sessionId, ct);
        return current is null ? SessionOutcome.NotFound
            : !current.IsOpen ? SessionOutcome.Closed(current)
            : SessionOutcome.VersionMismatch(current);
    }

    private const string AbandonSql = $"""
        update wizard_sessions s
        set status = 'abandoned', is_active = false, version = s.version + 1
        where s.organization_id = @org and s.session_id = @session_id
          and s.status = 'in_progress' and s.expires_at > now()
          and (@if_match::int[] is null or s.version = any(@if_match))
        returning {SessionRow.Columns}
        """;

    private sealed class CreatedSessionRow : SessionRow
    {
        public bool Created { get; init; }
    }
}
