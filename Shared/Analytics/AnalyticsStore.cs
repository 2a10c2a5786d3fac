using EventWizard.Shared.Data;

namespace EventWizard.Shared.Analytics;

/// <summary>
/// Reads the analytics rollups (sql/003_analytics.sql) and the interactions, publishes and session starts not folded into
/// them yet (the last minute or two, sql/006, sql/007 and sql/008): the figures outlive the rows the nightly cleanup
/// deletes, and a range costs its days' counter rows whatever the organization's size.
/// </summary>
public sealed class AnalyticsStore(TenantDb db)
{
    /// <summary>
    /// The caller's organization's figures for the range, in one round trip (the rollups' primary keys, the interactions'
    /// and events' creation indexes from the last fold on, and the log of starts).
    /// </summary>
    public Task<AnalyticsFigures> ReadAsync(Caller caller, AnalyticsQuery query, CancellationToken ct) =>
        db.QueryMultipleAsync(caller, Sql, new { caller.OrganizationId, From = query.From, To = query.To }, async results =>
            new AnalyticsFigures([.. await results.ReadAsync<AnalyticsDay>()], [.. await results.ReadAsync<AnalyticsCount>()]), ct);

    private const string Sql = """
        select day, sum(started) as started, sum(reached_event_setup) as reached_event_setup,
               sum(reached_ticket_setup) as reached_ticket_setup, sum(reached_venue_setup) as reached_venue_setup,
               sum(reached_payment_setup) as reached_payment_setup, sum(reached_review_publish) as reached_review_publish,
               sum(published) as published, sum(abandoned) as abandoned, sum(expired) as expired
        from (
            select day, started, reached_event_setup, reached_ticket_setup, reached_venue_setup, reached_payment_setup,
                   reached_review_publish, published, abandoned, expired
            from analytics_session_days
            where organization_id = @OrganizationId and day between @From and @To
            union all
            select day, started, reached_event_setup, reached_ticket_setup, reached_venue_setup, reached_payment_setup,
                   reached_review_publish, 0, abandoned, expired
            from analytics_unfolded_starts(@OrganizationId, @From, @To)
            union all
            select day, 0, 0, 0, 0, 0, 0, n::int, 0, 0
            from analytics_unfolded_publishes(@OrganizationId, @From, @To)
        ) days
        group by day
        order by day;
        select measure, label, bucket, sum(n)::bigint as n, sum(total)::bigint as total
        from (
            select measure, label, bucket, n, total
            from analytics_counts
            where organization_id = @OrganizationId and day between @From and @To
            union all
            select measure, label, bucket, n, total
            from analytics_unfolded_counts(@OrganizationId, @From, @To)
            union all
            select 'time_to_publish', '', bucket, n, 0
            from analytics_unfolded_publishes(@OrganizationId, @From, @To)
        ) counts
        group by measure, label, bucket
        """;
}
