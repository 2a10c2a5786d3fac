using System.Text.Json;
using Dapper;
using EventWizard.Shared.Data;

namespace EventWizard.Shared.Stripe;

/// <summary>
/// The wizard_actions bookkeeping connect-stripe needs: claim a key, complete, fail. Kept apart on purpose:
/// a stand-in until it is folded into Shared/Actions (written in parallel for publish). Every method is one
/// short transaction that is safe to repeat (the action id is chosen by the caller, updates are by id).
/// </summary>
internal sealed class StripeActionLog(TenantDb db)
{
    public const string ActionName = "connectStripe";

    public async Task<ConnectClaim> ClaimAsync(Caller caller, Guid actionId, string sessionId, string idempotencyKey,
        string fingerprint, string payload, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(caller, ct);
        var existing = await FindByKeyAsync(tx, caller, idempotencyKey, ct);
        if (existing is not null)
        {
            return existing.Id == actionId ? new ConnectClaim(ClaimKind.Claimed) : Classify(existing, fingerprint);
        }
        var session = await tx.QuerySingleOrDefaultAsync<SessionState>(SessionSql, new { caller.OrganizationId, SessionId = sessionId }, ct);
        if (session is null)
        {
            return new ConnectClaim(ClaimKind.SessionNotFound);
        }
        if (session.ClosedStatus is { } closed)
        {
            return new ConnectClaim(ClaimKind.SessionClosed, SessionStatus: closed);
        }
        var claimed = await tx.QuerySingleOrDefaultAsync<Guid?>(ClaimSql, new
        {
            Id = actionId,
            caller.OrganizationId,
            SessionId = sessionId,
            Name = ActionName,
            Key = idempotencyKey,
            Fingerprint = fingerprint,
            Payload = payload,
        }, ct);
        if (claimed is null)
        {
            // A concurrent request took the key first; this statement sees its committed row.
            existing = await FindByKeyAsync(tx, caller, idempotencyKey, ct);
            return existing is null ? new ConnectClaim(ClaimKind.InProgress) : Classify(existing, fingerprint);
        }
        await tx.CommitAsync(ct);
        return new ConnectClaim(ClaimKind.Claimed);
    }

    /// <summary>
    /// Writes the account id into the session's payment_data and completes the action, in one transaction.
    /// Null when done; the session's status (and the action failed) when it was closed in the meantime.
    /// </summary>
    public async Task<string?> CompleteAsync(Caller caller, Guid actionId, string sessionId, string accountId, string result,
        int executionTimeMs, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(caller, ct);
        var version = await tx.QuerySingleOrDefaultAsync<int?>(SetAccountSql, new { caller.OrganizationId, SessionId = sessionId, AccountId = accountId }, ct);
        if (version is null)
        {
            var session = await tx.QuerySingleOrDefaultAsync<SessionState>(SessionSql, new { caller.OrganizationId, SessionId = sessionId }, ct);
            await tx.ExecuteAsync(FailSql, new
            {
                Id = actionId,
                caller.OrganizationId,
                Error = "The session was closed while Stripe onboarding was being prepared.",
                ExecutionTimeMs = executionTimeMs,
            }, ct);
            await tx.CommitAsync(ct);
            return session?.ClosedStatus ?? "deleted";
        }
        await tx.ExecuteAsync(CompleteSql, new
        {
            Id = actionId,
            caller.OrganizationId,
            Result = result,
            ExecutionTimeMs = executionTimeMs,
        }, ct);
        await tx.CommitAsync(ct);
        return null;
    }

    public async Task FailAsync(Caller caller, Guid actionId, string error, int executionTimeMs, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<int>(caller, FailSql + " returning 1", new
        {
            Id = actionId,
            caller.OrganizationId,
            Error = error,
            ExecutionTimeMs = executionTimeMs,
        }, ct);

    private static ConnectClaim Classify(ExistingAction existing, string fingerprint) =>
        existing.RequestFingerprint != fingerprint ? new ConnectClaim(ClaimKind.KeyReused)
        : existing.Status == "completed" && existing.ResultJson is { } result
            ? new ConnectClaim(ClaimKind.Replay, JsonSerializer.Deserialize<JsonElement>(result))
        : new ConnectClaim(ClaimKind.InProgress);

    private static Task<ExistingAction?> FindByKeyAsync(TenantTransaction tx, Caller caller, string key, CancellationToken ct) =>
        tx.QuerySingleOrDefaultAsync<ExistingAction>(FindByKeySql, new { caller.OrganizationId, Name = ActionName, Key = key }, ct);

    private const string FindByKeySql = """
        select id, status::text as status, request_fingerprint, result::text as result_json
        from wizard_actions
        where organization_id = @OrganizationId and name = @Name and idempotency_key = @Key and status <> 'failed'
        """;

    private const string SessionSql = """
        select status, expires_at <= now() as expired
        from wizard_sessions
        where organization_id = @OrganizationId and session_id = @SessionId
        """;

    private const string ClaimSql = """
        insert into wizard_actions (id, organization_id, session_id, name, idempotency_key, request_fingerprint, status, payload)
        values (@Id, @OrganizationId, @SessionId, @Name, @Key, @Fingerprint, 'in_progress', @Payload::jsonb)
        on conflict (organization_id, name, idempotency_key) where status <> 'failed' do nothing
        returning id
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

    private const string CompleteSql = """
        update wizard_actions
        set status = 'completed', result = @Result::jsonb, error_message = null, execution_time_ms = @ExecutionTimeMs
        where organization_id = @OrganizationId and id = @Id
        """;

    private const string FailSql = """
        update wizard_actions
        set status = 'failed', error_message = @Error, execution_time_ms = @ExecutionTimeMs
        where organization_id = @OrganizationId and id = @Id
        """;

    private sealed class SessionState
    {
        public string Status { get; init; } = "";
        public bool Expired { get; init; }

        /// <summary>Null while the session is open; an in-progress session past expires_at counts as expired.</summary>
        public string? ClosedStatus => Status != "in_progress" ? Status : Expired ? "expired" : null;
    }

    private sealed class ExistingAction
    {
        public Guid Id { get; init; }
        public string Status { get; init; } = "";
        public string RequestFingerprint { get; init; } = "";
        public string? ResultJson { get; init; }
    }
}

internal enum ClaimKind
{
    Claimed,
    Replay,
    InProgress,
    KeyReused,
    SessionNotFound,
    SessionClosed,
}

internal sealed record ConnectClaim(ClaimKind Kind, JsonElement? Result = null, string? SessionStatus = null);
