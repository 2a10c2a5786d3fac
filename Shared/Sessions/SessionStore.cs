using EventWizard.Shared.Data;
using EventWizard.Shared.Http;

namespace EventWizard.Shared.Sessions;

/// <summary>Create/resume, read, list and abandon sessions. Each is one round trip in the usual case.</summary>
public sealed class SessionStore(TenantDb db)
{
    /// <summary>
    /// Creates the session, or resumes it when the id is already the organization's. Without an id, a new session with
    /// a new one. Concurrent creates of one id make one session: the losers' insert does nothing and they read the
    /// winner's row.
    /// </summary>
    public async Task<SessionOutcome> CreateAsync(Caller caller, string? sessionId, CancellationToken ct) =>
        sessionId is null ? await CreateNewAsync(caller, ct) : await CreateOrResumeAsync(caller, sessionId, ct);

    // An id made here is new: there is no row to read first and no other create to race.
    private async Task<SessionOutcome> CreateNewAsync(Caller caller, CancellationToken ct)
    {
        var param = new { caller.OrganizationId, caller.UserId, SessionId = SessionIds.NewId() };
        return SessionOutcome.Created(
            await db.QueryMultipleAsync(caller, InsertNewSql, param, results => results.ReadSingleAsync<SessionRow>(), ct));
    }

    // No read first and no `on conflict`, which the create-or-resume statement needs: over HTTP a create costs
    // PostgreSQL 0.84 x the CPU this way (docs/scaling.md, "A create without an id"). A v7 UUID does not collide.
    private const string InsertNewSql = $"""
        insert into wizard_sessions as s (organization_id, session_id, user_id)
        values (@OrganizationId, @SessionId, @UserId)
        returning {SessionRow.Columns}
        """;

    private async Task<SessionOutcome> CreateOrResumeAsync(Caller caller, string id, CancellationToken ct)
    {
        var param = new { caller.OrganizationId, caller.UserId, SessionId = id };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var row = await db.QuerySingleOrDefaultAsync<CreatedSessionRow>(caller, CreateOrResumeSql, param, ct)
                // Lost a race: the winner committed after this statement's snapshot; a new statement sees its row
                // (read as the GET reads it: no created column, so Created stays false).
                ?? await db.QuerySingleOrDefaultAsync<CreatedSessionRow>(caller, GetSql, param, ct);
            if (row is not null)
            {
                return row.Created ? SessionOutcome.Created(row) : row.IsOpen ? SessionOutcome.Ok(row) : SessionOutcome.Closed(row);
            }
            // The winner rolled back between the two statements: try again.
        }
        throw new InvalidOperationException($"Could not create or read session {id} after 3 attempts.");
    }

    // The existing row is read first and the insert runs only without one: an insert that finds its key taken costs
    // PostgreSQL three times a read, and a resume (every reload of the reference page) cost 0.34 ms of its CPU with the
    // insert first against 0.19 ms this way (docs/scaling.md, "Create and resume").
    private const string CreateOrResumeSql = $"""
        with existing as (
            {GetSql}
        ), ins as (
            insert into wizard_sessions (organization_id, session_id, user_id)
            select @OrganizationId, @SessionId, @UserId
            where not exists (select from existing)
            on conflict (organization_id, session_id) do nothing
            returning *
        )
        select true as created, {SessionRow.Columns} from ins s
        union all
        select false, e.* from existing e
        """;

    public async Task<SessionRow?> GetAsync(Caller caller, string sessionId, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<SessionRow>(caller, GetSql,
            new { caller.OrganizationId, SessionId = sessionId }, ct);

    private const string GetSql = $"""
        select {SessionRow.Columns} from wizard_sessions s
        where s.organization_id = @OrganizationId and s.session_id = @SessionId
        """;

    /// <summary>
    /// A page of the organization's sessions in <paramref name="query"/>'s status, newest change first, after the query's
    /// cursor; <c>Next</c> is the cursor of the following page, or null on the last one. Keyset paging on
    /// (updated_at, session_id), served by an index range at any organization size (sql/001): never a row twice, and a
    /// session changed while paging moves to the front (seen on the next refresh) instead of shifting the pages.
    /// </summary>
    public async Task<(IReadOnlyList<SessionRow> Items, PageCursor? Next)> ListAsync(Caller caller, ListSessionsQuery query,
        CancellationToken ct)
    {
        var sql = ListSql[(query.Status == SessionStatuses.Expired, query.Mine)];
        var rows = await db.QueryAsync<SessionRow>(caller, sql, new
        {
            caller.OrganizationId,
            caller.UserId,
            query.Status,
            AfterAt = query.After.At,
            AfterKey = query.After.Key,
            Take = query.Limit + 1,
        }, ct);
        if (rows.Count <= query.Limit)
        {
            return (rows, null);
        }
        var last = rows[query.Limit - 1];
        return (rows.Take(query.Limit).ToList(), new PageCursor(last.UpdatedAt, last.SessionId));
    }

    // One statement per shape (expired or not, mine or not), each an index range: a shape chosen by parameters
    // (@Mine is null or ...) would leave a generic plan unable to use the (organization, user) index. "Expired" is
    // two ranges merged: rows the nightly job has marked expired, and in_progress rows whose expires_at has passed
    // (at most about a day of them, the organization's found through wizard_sessions_org_lapsed_idx, sql/002, then
    // sorted). That second range is fenced (offset 0) so the planner cannot walk the newest-first index under the
    // limit instead: lapsed rows are the oldest open ones, so that walk passed every open session first (835 ms at
    // 210,000 open sessions, bench/lists.sh). The payloads are read even for summaries: completed_stages is judged
    // from them (it is not stored).
    private static readonly Dictionary<(bool Expired, bool Mine), string> ListSql = new()
    {
        [(false, false)] = ListStatusSql(""),
        [(false, true)] = ListStatusSql("and s.user_id = @UserId"),
        [(true, false)] = ListExpiredSql(""),
        [(true, true)] = ListExpiredSql("and s.user_id = @UserId"),
    };

    private const string Keyset = "(s.updated_at, s.session_id) < (@AfterAt, @AfterKey)";
    private const string NewestFirst = "order by s.updated_at desc, s.session_id desc";

    private static string ListStatusSql(string mine) => $"""
        select {SessionRow.Columns} from wizard_sessions s
        where s.organization_id = @OrganizationId and s.status = @Status {mine}
          and (s.status <> 'in_progress' or s.expires_at > now())
          and {Keyset}
        {NewestFirst}
        limit @Take
        """;

    private static string ListExpiredSql(string mine) => $"""
        select * from (
            (select {SessionRow.Columns} from wizard_sessions s
             where s.organization_id = @OrganizationId and s.status = 'expired' {mine} and {Keyset}
             {NewestFirst} limit @Take)
            union all
            (select {SessionRow.Columns} from wizard_sessions s
             join (select lapsed.session_id from (
                       select s.updated_at, s.session_id from wizard_sessions s
                       where s.organization_id = @OrganizationId and s.status = 'in_progress' and s.expires_at <= now()
                         {mine} and {Keyset}
                       offset 0) lapsed
                   order by lapsed.updated_at desc, lapsed.session_id desc limit @Take) page
                 on s.organization_id = @OrganizationId and s.session_id = page.session_id)
        ) s
        {NewestFirst}
        limit @Take
        """;

    /// <summary>Marks an open session abandoned; closed, stale (If-Match) and unknown sessions are diagnosed.</summary>
    public async Task<SessionOutcome> AbandonAsync(Caller caller, string sessionId, int[]? ifMatch, CancellationToken ct)
    {
        var param = new { caller.OrganizationId, SessionId = sessionId, IfMatch = ifMatch };
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
        where s.organization_id = @OrganizationId and s.session_id = @SessionId
          and s.status = 'in_progress' and s.expires_at > now()
          and (@IfMatch::int[] is null or s.version = any(@IfMatch))
        returning {SessionRow.Columns}
        """;

    private sealed class CreatedSessionRow : SessionRow
    {
        public bool Created { get; init; }
    }
}
