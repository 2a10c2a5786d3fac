using EventWizard.Shared.Data;

namespace EventWizard.Shared.Copilot;

/// <summary>
/// The per-organization daily token budget (sql/004): reserve before the model is called, settle with what it
/// reported. The reservation takes the row lock first, so concurrent turns queue on it and none sees tokens another
/// has already taken.
/// </summary>
public sealed class CopilotBudget(TenantDb db, TimeProvider clock)
{
    /// <summary>
    /// Reserves up to <paramref name="tokens"/> (at most what is left of <paramref name="budget"/> today, UTC); null
    /// when nothing is left.
    /// </summary>
    public async Task<CopilotReservation?> ReserveAsync(Caller caller, long budget, long tokens, CancellationToken ct)
    {
        var day = Today();
        await using var tx = await db.BeginAsync(caller, ct);
        var reserved = await tx.QueryMultipleAsync(ReserveSql, new { caller.OrganizationId, Day = day, Budget = budget, Tokens = tokens },
            async results =>
            {
                var before = await results.ReadSingleAsync<long>();
                var after = await results.ReadSingleOrDefaultAsync<long?>();
                return after - before;
            }, ct);
        return reserved is > 0 ? new CopilotReservation(day, reserved.Value) : null;
    }

    // One round trip: make sure today's row exists, lock it and read the spend (a concurrent turn waits here until
    // the one before it commits), take what is left up to the reservation, commit. The update's own condition repeats
    // the check, so a spent budget changes nothing.
    private const string ReserveSql = """
        insert into copilot_token_spend (organization_id, day) values (@OrganizationId, @Day)
        on conflict (organization_id, day) do nothing;
        select s.tokens_used from copilot_token_spend s
        where s.organization_id = @OrganizationId and s.day = @Day
        for update;
        update copilot_token_spend s set tokens_used = least(s.tokens_used + @Tokens, @Budget)
        where s.organization_id = @OrganizationId and s.day = @Day and s.tokens_used < @Budget
        returning s.tokens_used;
        commit
        """;

    /// <summary>
    /// Replaces the reservation by the tokens the turn used (0 when the model failed), capped at the budget: a turn
    /// that cost more than it reserved cannot take the day's spend past the budget.
    /// </summary>
    public Task SettleAsync(Caller caller, CopilotReservation reservation, long tokensUsed, long budget, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<long?>(caller, SettleSql, new
        {
            caller.OrganizationId,
            reservation.Day,
            Reserved = reservation.Tokens,
            TokensUsed = tokensUsed,
            Budget = budget,
        }, ct);

    private const string SettleSql = """
        update copilot_token_spend s
        set tokens_used = greatest(least(s.tokens_used - @Reserved + @TokensUsed, @Budget), 0)
        where s.organization_id = @OrganizationId and s.day = @Day
        returning s.tokens_used
        """;

    /// <summary>How long until the budget renews: the next midnight, UTC.</summary>
    public TimeSpan UntilRenewal()
    {
        var now = clock.GetUtcNow();
        return now.Date.AddDays(1) - now.UtcDateTime;
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
