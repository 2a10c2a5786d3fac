using EventWizard.Shared.Data;
using EventWizard.Shared.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventWizard.Shared.Stripe;

/// <summary>
/// The organization's one connected account, kept in stripe_accounts, and its cached "can take payments"
/// status. Stripe is never called inside a database transaction.
/// </summary>
public sealed class StripeAccounts(
    TenantDb db, StripeGateway stripe, ResiliencePipelines pipelines, IOptions<StripeOptions> options,
    TimeProvider clock, ILogger<StripeAccounts> logger)
{
    /// <summary>
    /// The organization's account, created at Stripe the first time. Concurrent first calls send the same Stripe
    /// idempotency key (derived from the organization id), so Stripe creates one account and answers both with it;
    /// the row is inserted with ON CONFLICT DO NOTHING and read back, so both callers return the same id.
    /// Throws <see cref="StripeCallException"/> when Stripe fails.
    /// </summary>
    public async Task<StripeAccountStatus> GetOrCreateAsync(Caller caller, CancellationToken ct)
    {
        var existing = await FindAsync(caller, ct);
        if (existing is not null)
        {
            return existing.ToStatus();
        }
        var created = await stripe.CreateAccountAsync(caller.OrganizationId, AccountIdempotencyKey(caller.OrganizationId), ct);
        var stored = await pipelines.RunDatabaseAsync(token => db.QuerySingleOrDefaultAsync<StripeAccountRow>(caller, InsertSql, new
        {
            caller.OrganizationId,
            created.AccountId,
            created.ChargesEnabled,
            created.DetailsSubmitted,
            CheckedAt = clock.GetUtcNow(),
        }, token), ct);
        // Lost the race to a concurrent first call: read the row it inserted.
        stored ??= await FindAsync(caller, ct)
            ?? throw new InvalidOperationException($"stripe_accounts has no row for {caller.OrganizationId} right after inserting one.");
        if (stored.AccountId != created.AccountId)
        {
            logger.LogWarning("Organization {OrganizationId} already had Stripe account {Existing}; Stripe returned {Created}",
                caller.OrganizationId, stored.AccountId, created.AccountId);
        }
        else
        {
            logger.LogInformation("Created Stripe account {AccountId} for organization {OrganizationId}", created.AccountId, caller.OrganizationId);
        }
        return stored.ToStatus();
    }

    /// <summary>The Stripe idempotency key of an organization's account creation.</summary>
    public static string AccountIdempotencyKey(Guid organizationId) => $"org:{organizationId}:account";

    /// <summary>
    /// Whether <paramref name="accountId"/> is this organization's connected account and can take payments.
    /// Trusts the status cached in stripe_accounts while it is fresh (<see cref="StripeOptions.StatusCacheTtl"/>
    /// when ready, <see cref="StripeOptions.NotReadyCacheTtl"/> when not); otherwise asks Stripe and caches the answer.
    /// </summary>
    public async Task<ChargesCheck> EnsureChargesEnabledAsync(Caller caller, string accountId, CancellationToken ct)
    {
        if (!stripe.IsConfigured)
        {
            return new ChargesCheck(ChargesReadiness.StripeNotConfigured);
        }
        var row = await FindAsync(caller, ct);
        if (row is null || row.AccountId != accountId)
        {
            return new ChargesCheck(ChargesReadiness.NotReady);
        }
        var now = clock.GetUtcNow();
        var ttl = row.ChargesEnabled ? options.Value.StatusCacheTtl : options.Value.NotReadyCacheTtl;
        if (row.CheckedAt is { } checkedAt && now.UtcDateTime - checkedAt < ttl && checkedAt <= now.UtcDateTime)
        {
            return new ChargesCheck(row.ChargesEnabled ? ChargesReadiness.Ready : ChargesReadiness.NotReady);
        }
        StripeAccountStatus status;
        try
        {
            status = await stripe.GetAccountAsync(accountId, ct);
        }
        catch (StripeCallException ex)
        {
            logger.LogWarning(ex, "Could not read Stripe account {AccountId}", accountId);
            return new ChargesCheck(ChargesReadiness.StripeError, ex.Message);
        }
        await pipelines.RunDatabaseAsync(token => db.QuerySingleOrDefaultAsync<int>(caller, UpdateStatusSql, new
        {
            caller.OrganizationId,
            AccountId = accountId,
            status.ChargesEnabled,
            status.DetailsSubmitted,
            CheckedAt = now,
        }, token), ct);
        return new ChargesCheck(status.ChargesEnabled ? ChargesReadiness.Ready : ChargesReadiness.NotReady);
    }

    private Task<StripeAccountRow?> FindAsync(Caller caller, CancellationToken ct) =>
        pipelines.RunDatabaseAsync(token => db.QuerySingleOrDefaultAsync<StripeAccountRow>(caller, SelectSql,
            new { caller.OrganizationId }, token), ct);

    private const string SelectSql = """
        select account_id, charges_enabled, details_submitted, checked_at
        from stripe_accounts
        where organization_id = @OrganizationId
        """;

    // Whoever inserts first wins; a loser gets no row back and reads the winner's. No conflict target: concurrent first
    // calls insert the same account id too, and a loser that got past the organization's key before the winner's row
    // was there met the account id's unique key instead, which `on conflict (organization_id)` left an error (a 500).
    private const string InsertSql = """
        insert into stripe_accounts (organization_id, account_id, charges_enabled, details_submitted, checked_at)
        values (@OrganizationId, @AccountId, @ChargesEnabled, @DetailsSubmitted, @CheckedAt)
        on conflict do nothing
        returning account_id, charges_enabled, details_submitted, checked_at
        """;

    private const string UpdateStatusSql = """
        update stripe_accounts
        set charges_enabled = @ChargesEnabled, details_submitted = @DetailsSubmitted, checked_at = @CheckedAt
        where organization_id = @OrganizationId and account_id = @AccountId
        returning 1
        """;

    private sealed class StripeAccountRow
    {
        public string AccountId { get; init; } = "";
        public bool ChargesEnabled { get; init; }
        public bool DetailsSubmitted { get; init; }
        public DateTime? CheckedAt { get; init; }

        public StripeAccountStatus ToStatus() => new(AccountId, ChargesEnabled, DetailsSubmitted);
    }
}
