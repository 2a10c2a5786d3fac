using System.Text.RegularExpressions;
using EventWizard.Shared.Data;
using EventWizard.Shared.Http;
using Npgsql;

namespace EventWizard.Shared.Events;

/// <summary>Events: the organization's own (through row level security) and the anonymous read of published ones.</summary>
public sealed partial class EventStore(TenantDb db, NpgsqlDataSource dataSource)
{
    /// <summary>The columns of <see cref="EventFields"/>; dates and times in PostgreSQL's text form (2026-11-24, 18:30:00).</summary>
    public const string PublicColumns = """
        id, title, slug, type, description, event_date::text as event_date,
        start_time::text as start_time, end_time::text as end_time, timezone, venue_mode, venue_data, ticket_tiers,
        total_capacity, payment_enabled, status, published_at, created_at, updated_at
        """;

    /// <summary>The columns of <see cref="EventRow"/>: the public ones and the private ones.</summary>
    public const string Columns = PublicColumns + ", organization_id, user_id, stripe_account_id, published_by, source_session_id";

    /// <summary>
    /// A page of the organization's events, newest first, after the query's cursor; <c>Next</c> is the cursor of the
    /// following page, or null on the last one. Keyset paging on (created_at, id): an index range at any size.
    /// </summary>
    public async Task<(IReadOnlyList<EventRow> Items, PageCursor? Next)> ListAsync(Caller caller, EventListQuery query,
        CancellationToken ct)
    {
        const string all = $"""
            select {Columns} from events
            where organization_id = @OrganizationId and (created_at, id) < (@AfterAt, @AfterId)
            order by created_at desc, id desc
            limit @Take
            """;
        const string byStatus = $"""
            select {Columns} from events
            where organization_id = @OrganizationId and status = @Status and (created_at, id) < (@AfterAt, @AfterId)
            order by created_at desc, id desc
            limit @Take
            """;
        var rows = await db.QueryAsync<EventRow>(caller, query.Status is null ? all : byStatus, new
        {
            caller.OrganizationId,
            query.Status,
            AfterAt = query.After.At,
            AfterId = query.After == PageCursor.Start ? MaxId : Guid.Parse(query.After.Key),
            Take = query.Limit + 1,
        }, ct);
        if (rows.Count <= query.Limit)
        {
            return (rows, null);
        }
        var last = rows[query.Limit - 1];
        return (rows.Take(query.Limit).ToList(), new PageCursor(last.CreatedAt, last.Id.ToString()));
    }

    /// <summary>The greatest uuid: with the start cursor's time stamp, a position before every event.</summary>
    private static readonly Guid MaxId = Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff");

    /// <summary>One of the caller's organization's events; null for another organization's, unknown or malformed ids.</summary>
    public async Task<EventRow?> GetAsync(Caller caller, string id, CancellationToken ct) =>
        Uuids.TryParse(id, out var eventId) ? await GetAsync(caller, eventId, ct) : null;

    /// <summary>One of the caller's organization's events; null for another organization's or unknown ids.</summary>
    public async Task<EventRow?> GetAsync(Caller caller, Guid id, CancellationToken ct)
    {
        const string sql = $"select {Columns} from events where organization_id = @OrganizationId and id = @Id";
        return await db.QuerySingleOrDefaultAsync<EventRow>(caller, sql, new { caller.OrganizationId, Id = id }, ct);
    }

    /// <summary>The event a session was published as, read in the caller's organization.</summary>
    public async Task<EventRow?> GetBySourceSessionAsync(Caller caller, string sessionId, CancellationToken ct)
    {
        const string sql = $"select {Columns} from events where organization_id = @OrganizationId and source_session_id = @SessionId";
        return await db.QuerySingleOrDefaultAsync<EventRow>(caller, sql, new { caller.OrganizationId, SessionId = sessionId }, ct);
    }

    /// <summary>A published event by its slug, for anyone; null for drafts, cancelled, unknown and malformed slugs alike.</summary>
    public async Task<PublicEventRow?> GetPublishedBySlugAsync(string slug, CancellationToken ct)
    {
        const string sql = $"select {PublicColumns} from public_event_by_slug(@Slug)";
        if (!SlugFormat().IsMatch(slug))
        {
            return null;
        }
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await SqlBatch.QueryAsync(conn, transaction: null, tenant: null, sql, new { Slug = slug },
            results => results.ReadSingleOrDefaultAsync<PublicEventRow>(), ct);
    }

    [GeneratedRegex(@"\A[a-z0-9-]{1,300}\z")]
    private static partial Regex SlugFormat();
}
