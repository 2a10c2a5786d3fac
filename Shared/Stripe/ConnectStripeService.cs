using System.Text.Json;
using EventWizard.Shared.Actions;
using EventWizard.Shared.Data;
using EventWizard.Shared.Http;
using EventWizard.Shared.Resilience;
using Microsoft.Extensions.Logging;

namespace EventWizard.Shared.Stripe;

/// <summary>
/// POST /api/connect-stripe: the organization's connected account (created once), its id in the session's
/// payment_data.accountId, and a fresh onboarding link. Recorded in wizard_actions as connectStripe.
/// Order: claim the key (short transaction) -> Stripe calls (no transaction open) -> complete (short transaction).
/// The action bookkeeping is <see cref="ActionStore"/>'s; the session checks and the account id are this route's.
/// Every database step is safe to repeat: the action id is chosen before the first attempt, updates are by id.
/// </summary>
public sealed class ConnectStripeService(
    TenantDb db, ActionStore actions, StripeGateway stripe, StripeAccounts accounts, ResiliencePipelines pipelines,
    TimeProvider clock, ILogger<ConnectStripeService> logger)
{
    public async Task<ConnectStripeOutcome> ConnectAsync(Caller caller, ConnectStripeRequest request, CancellationToken ct)
    {
        if (!stripe.IsConfigured)
        {
            return ConnectStripeOutcome.NotConfigured;
        }
        var started = clock.GetTimestamp();
        var actionId = Guid.CreateVersion7();
        var action = new ActionRequest(ActionNames.ConnectStripe, request.SessionId, request.Key,
            RequestFingerprint.Of(ActionNames.ConnectStripe, request.SessionId, request.ReturnUrl, request.RefreshUrl),
            Payload(request), actionId);
        var claim = new ActionClaim(ActionClaimStatus.Claimed, actionId);
        var refusal = await pipelines.RunDatabaseAsync(token => ClaimAsync(caller, action, token), ct);
        if (refusal is not null)
        {
            return refusal;
        }

        ConnectStripeResult result;
        try
        {
            var account = await accounts.GetOrCreateAsync(caller, ct);
            var link = await stripe.CreateOnboardingLinkAsync(account.AccountId, request.ReturnUrl, request.RefreshUrl,
                $"{actionId}:link", ct);
            result = new ConnectStripeResult(account.AccountId, link.Url, link.ExpiresAt);
        }
        catch (StripeCallException ex)
        {
            logger.LogWarning(ex, "Stripe failed for connectStripe {ActionId} of session {SessionId}", actionId, request.SessionId);
            await pipelines.RunDatabaseAsync(async token =>
            {
                await using var tx = await db.BeginAsync(caller, token);
                await actions.FailAsync(tx, claim, ex.Message, ElapsedMs(started), token);
                await tx.CommitAsync(token);
                return true;
            }, ct);
            return ConnectStripeOutcome.StripeFailed(ex.Message);
        }

        var closed = await pipelines.RunDatabaseAsync(token => CompleteAsync(caller, claim, request.SessionId, result,
            ElapsedMs(started), token), ct);
        return closed ?? ConnectStripeOutcome.Connected(result);
    }

    /// <summary>
    /// One short transaction: the key first (so a finished request replays even once its session has closed),
    /// then the session, then the claim, committed. Null when the key is ours; otherwise the refusal or the replay.
    /// </summary>
    private async Task<ConnectStripeOutcome?> ClaimAsync(Caller caller, ActionRequest action, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(caller, ct);
        var claim = await actions.FindAsync(tx, caller, action, ct);
        if (claim is null)
        {
            var session = await tx.QuerySingleOrDefaultAsync<SessionState>(SessionSql,
                new { caller.OrganizationId, action.SessionId }, ct);
            if (session is null)
            {
                return ConnectStripeOutcome.NotFound;
            }
            if (session.ClosedStatus is { } closed)
            {
                return ConnectStripeOutcome.Closed(closed);
            }
            claim = await actions.ClaimAsync(tx, caller, action, ct);
        }
        switch (claim.Status)
        {
            case ActionClaimStatus.Claimed:
                await tx.CommitAsync(ct);
                return null;
            case ActionClaimStatus.SessionNotFound:
                return ConnectStripeOutcome.NotFound;
            case ActionClaimStatus.KeyReused:
                return ConnectStripeOutcome.KeyReused;
            case ActionClaimStatus.Completed when claim.Result is { } stored:
                // jsonb keeps its own key order: answer with the first response's shape.
                return ConnectStripeOutcome.Replayed(stored.Deserialize<ConnectStripeResult>(ApiJson.Options)!);
            default:
                return ConnectStripeOutcome.InProgress;
        }
    }

    /// <summary>
    /// One short transaction: the account id into the session's payment_data, and the action completed with the
    /// answer as its result. Null when done; when the session was closed or deleted meanwhile, the action failed and
    /// that refusal (a deleted session is not found, as it would be for the next request).
    /// </summary>
    private async Task<ConnectStripeOutcome?> CompleteAsync(Caller caller, ActionClaim claim, string sessionId, ConnectStripeResult result,
        int executionTimeMs, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(caller, ct);
        var version = await tx.QuerySingleOrDefaultAsync<int?>(SetAccountSql,
            new { caller.OrganizationId, SessionId = sessionId, result.AccountId }, ct);
        if (version is null)
        {
            var session = await tx.QuerySingleOrDefaultAsync<SessionState>(SessionSql, new { caller.OrganizationId, SessionId = sessionId }, ct);
            await actions.FailAsync(tx, claim, "The session was closed while Stripe onboarding was being prepared.", executionTimeMs, ct);
            await tx.CommitAsync(ct);
            return session?.ClosedStatus is { } closed ? ConnectStripeOutcome.Closed(closed) : ConnectStripeOutcome.NotFound;
        }
        await actions.CompleteAsync(tx, claim, JsonSerializer.SerializeToElement(result, ApiJson.Options), executionTimeMs, ct);
        await tx.CommitAsync(ct);
        return null;
    }

    private const string SessionSql = """
        select status, expires_at <= now() as expired
        from wizard_sessions
        where organization_id = @OrganizationId and session_id = @SessionId
        """;

    // The version moves only when the account id actually changes, so a repeated call does not make other tabs stale.
    private const string SetAccountSql = """
        update wizard_sessions
        set payment_data = jsonb_set(payment_data, '{accountId}', to_jsonb(@AccountId::text)),
            version = version + case when payment_data->>'accountId' is distinct from @AccountId then 1 else 0 end,
            expires_at = now() + interval '7 days'
        where organization_id = @OrganizationId and session_id = @SessionId
          and status = 'in_progress' and expires_at > now()
        returning version
        """;

    private int ElapsedMs(long started) => (int)Math.Min(int.MaxValue, clock.GetElapsedTime(started).TotalMilliseconds);

    private static JsonElement Payload(ConnectStripeRequest request) => JsonSerializer.SerializeToElement(new Dictionary<string, string>
    {
        ["sessionId"] = request.SessionId,
        ["returnUrl"] = request.ReturnUrl,
        ["refreshUrl"] = request.RefreshUrl,
    });

    private sealed class SessionState
    {
        public string Status { get; init; } = "";
        public bool Expired { get; init; }

        /// <summary>Null while the session is open; an in-progress session past expires_at counts as expired.</summary>
        public string? ClosedStatus => Status != "in_progress" ? Status : Expired ? "expired" : null;
    }
}
