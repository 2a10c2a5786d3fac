using System.Text.Json;
using EventWizard.Shared.Data;
using Npgsql;

namespace EventWizard.Shared.Actions;

/// <summary>
/// Actions that must happen once, recorded in wizard_actions under a key scoped per organization and
/// action name. The pieces compose: <see cref="ClaimAsync"/>, <see cref="CompleteAsync"/> and
/// <see cref="FailAsync"/> run inside the caller's transaction (publish does claim, work and complete in one;
/// an action with an outside call, connect-stripe, commits the claim, calls out, then completes or fails in a second one).
/// Failed rows do not hold the key (partial unique index), so a failed request can be retried with it.
/// </summary>
public sealed class ActionStore(TenantDb db)
{
    /// <summary>The newest actions of a session that <see cref="ListForSessionAsync"/> returns.</summary>
    public const int ListLimit = 100;

    /// <summary>
    /// Claims <paramref name="request"/>'s key in <paramref name="tx"/>. While another transaction holds the
    /// same key uncommitted this waits on the unique index; when that one commits, the key's row decides
    /// (completed: replay; other fingerprint: reused; not finished: in progress); when it rolls back, the
    /// key is ours. The row gets <see cref="ActionRequest.ActionId"/> when the request has one. One round trip:
    /// the claim and the read of the key's holder go in one batch.
    /// </summary>
    public async Task<ActionClaim> ClaimAsync(TenantTransaction tx, Caller caller, ActionRequest request, CancellationToken ct) =>
        (await ClaimAndReadAsync<object>(tx, caller, request, null, ct)).Claim;

    /// <summary>
    /// <see cref="ClaimAsync"/> with <paramref name="readSql"/> run right after it in the same round trip, whatever the
    /// claim's outcome. <paramref name="readSql"/> may use the claim's parameters: @OrganizationId, @SessionId,
    /// @Name, @Key.
    /// </summary>
    public async Task<(ActionClaim Claim, T? Read)> ClaimAndReadAsync<T>(TenantTransaction tx, Caller caller,
        ActionRequest request, string? readSql, CancellationToken ct)
    {
        var sql = readSql is null ? $"{ClaimSql};\n{KeyHolderSql}" : $"{ClaimSql};\n{KeyHolderSql};\n{readSql}";
        try
        {
            return await tx.QueryMultipleAsync(sql, Parameters(caller, request), async results =>
            {
                var claimed = await results.ReadSingleOrDefaultAsync<Guid?>();
                var holder = await results.ReadSingleOrDefaultAsync<KeyHolder>();
                var read = readSql is null ? default : await results.ReadSingleOrDefaultAsync<T>();
                var claim = claimed is not null
                    ? new ActionClaim(ActionClaimStatus.Claimed, claimed)
                    : Judge(holder, request) ?? new ActionClaim(ActionClaimStatus.SessionNotFound);
                return (claim, read);
            }, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The session was deleted between the existence check and the insert. The transaction is aborted.
            return (new ActionClaim(ActionClaimStatus.SessionNotFound), default);
        }
    }

    /// <summary>
    /// What holds <paramref name="request"/>'s key in <paramref name="tx"/>, without claiming it: null when nothing
    /// does (failed rows do not hold a key); <see cref="ActionClaimStatus.Claimed"/> when the holder is the request's
    /// own <see cref="ActionRequest.ActionId"/> (a claim repeated after its commit went through but its answer was
    /// lost); otherwise completed, reused or in progress, as <see cref="ClaimAsync"/> would answer.
    /// </summary>
    public async Task<ActionClaim?> FindAsync(TenantTransaction tx, Caller caller, ActionRequest request, CancellationToken ct) =>
        Judge(await tx.QuerySingleOrDefaultAsync<KeyHolder>(KeyHolderSql, Parameters(caller, request), ct), request);

    private static ActionClaim? Judge(KeyHolder? holder, ActionRequest request) => holder switch
    {
        null => null,
        _ when holder.Id == request.ActionId => new ActionClaim(ActionClaimStatus.Claimed, holder.Id),
        _ when holder.RequestFingerprint != request.Fingerprint => new ActionClaim(ActionClaimStatus.KeyReused, holder.Id),
        { Status: "completed" } => new ActionClaim(ActionClaimStatus.Completed, holder.Id, holder.Result),
        _ => new ActionClaim(ActionClaimStatus.InProgress, holder.Id),
    };

    private static object Parameters(Caller caller, ActionRequest request) => new
    {
        caller.OrganizationId,
        caller.UserId,
        Id = request.ActionId,
        request.SessionId,
        request.Name,
        Key = request.Key.Value,
        KeyFromClient = request.Key.FromClient,
        request.Fingerprint,
        request.Payload,
    };

    private const string ClaimSql = """
        insert into wizard_actions (id, organization_id, user_id, session_id, name, idempotency_key, key_from_client,
                                    request_fingerprint, status, payload)
        select coalesce(@Id::uuid, uuid_time_ordered()), @OrganizationId, @UserId, @SessionId, @Name, @Key, @KeyFromClient,
               @Fingerprint, 'in_progress'::action_status, @Payload
        where exists (select 1 from wizard_sessions s where s.organization_id = @OrganizationId and s.session_id = @SessionId)
        on conflict (organization_id, name, key_from_client, idempotency_key) where status <> 'failed' do nothing
        returning id
        """;

    private const string KeyHolderSql = """
        select id, request_fingerprint, status::text as status, result
        from wizard_actions
        where organization_id = @OrganizationId and name = @Name and key_from_client = @KeyFromClient
          and idempotency_key = @Key and status <> 'failed'
        """;

    // Completion and failure find the action by id alone: only the primary key can serve that, whatever the
    // statistics say. With organization_id in the WHERE too, a plan made on stale statistics walked every action
    // of the organization (the publish benchmark caught it). Row level security keeps the update to the tenant.

    /// <summary>Marks a claimed action completed with its result, in <paramref name="tx"/>.</summary>
    public async Task CompleteAsync(TenantTransaction tx, ActionClaim claim, JsonElement result, int executionTimeMs, CancellationToken ct)
    {
        const string sql = """
            update wizard_actions
            set status = 'completed', result = @Result, error_message = null, execution_time_ms = @ExecutionTimeMs
            where id = @ActionId
            """;
        await tx.ExecuteAsync(sql, new { claim.ActionId, Result = result, ExecutionTimeMs = executionTimeMs }, ct);
    }

    /// <summary>Marks a claimed action failed, in <paramref name="tx"/>; the key is free again once committed.</summary>
    public async Task FailAsync(TenantTransaction tx, ActionClaim claim, string errorMessage, int executionTimeMs, CancellationToken ct)
    {
        const string sql = """
            update wizard_actions
            set status = 'failed', error_message = @ErrorMessage, execution_time_ms = @ExecutionTimeMs
            where id = @ActionId
            """;
        await tx.ExecuteAsync(sql, new { claim.ActionId, ErrorMessage = errorMessage, ExecutionTimeMs = executionTimeMs }, ct);
    }

    /// <summary>
    /// Records a request that failed before it could be claimed or whose claim was rolled back, in its own
    /// short transaction, as a failed row (for analytics; it does not hold the key). Returns false when the
    /// session does not exist.
    /// </summary>
    public async Task<bool> RecordFailureAsync(Caller caller, ActionRequest request, string errorMessage, JsonElement? result,
        int executionTimeMs, CancellationToken ct)
    {
        const string sql = """
            insert into wizard_actions (organization_id, user_id, session_id, name, idempotency_key, key_from_client,
                                        request_fingerprint, status, payload, result, error_message, execution_time_ms)
            select @OrganizationId, @UserId, @SessionId, @Name, @Key, @KeyFromClient, @Fingerprint, 'failed'::action_status,
                   @Payload, @Result::jsonb, @ErrorMessage, @ExecutionTimeMs
            where exists (select 1 from wizard_sessions s where s.organization_id = @OrganizationId and s.session_id = @SessionId)
            returning id
            """;
        var id = await db.QuerySingleOrDefaultAsync<Guid?>(caller, sql, SqlParameters.Of(Parameters(caller, request))
            .Add("Result", result).Add("ErrorMessage", errorMessage).Add("ExecutionTimeMs", executionTimeMs), ct);
        return id is not null;
    }

    /// <summary>The session's newest actions first (at most <see cref="ListLimit"/>), or null when the session does not exist.</summary>
    public async Task<IReadOnlyList<ActionRow>?> ListForSessionAsync(Caller caller, string sessionId, CancellationToken ct)
    {
        const string sql = """
            select s.session_id as found, a.id, a.name, a.user_id, a.status, a.idempotency_key, a.error_message,
                   a.execution_time_ms, a.created_at, a.updated_at
            from wizard_sessions s
            left join lateral (
                select a.id, a.name, a.user_id, a.status::text as status, a.idempotency_key, a.error_message,
                       a.execution_time_ms, a.created_at, a.updated_at
                from wizard_actions a
                where a.organization_id = s.organization_id and a.session_id = s.session_id
                order by a.created_at desc, a.updated_at desc, a.id desc
                limit @Limit
            ) a on true
            where s.organization_id = @OrganizationId and s.session_id = @SessionId
            """;
        var rows = await db.QueryAsync<ListedAction>(caller, sql,
            new { caller.OrganizationId, SessionId = sessionId, Limit = ListLimit }, ct);
        if (rows.Count == 0)
        {
            return null;
        }
        return [.. rows.Where(r => r.Id is not null).Select(r => new ActionRow
        {
            Id = r.Id!.Value,
            Name = r.Name!,
            UserId = r.UserId!.Value,
            Status = r.Status!,
            IdempotencyKey = r.IdempotencyKey!,
            ErrorMessage = r.ErrorMessage,
            ExecutionTimeMs = r.ExecutionTimeMs,
            CreatedAt = r.CreatedAt!.Value,
            UpdatedAt = r.UpdatedAt!.Value,
        })];
    }

    private sealed class KeyHolder
    {
        public Guid Id { get; init; }
        public string RequestFingerprint { get; init; } = "";
        public string Status { get; init; } = "";
        public JsonElement? Result { get; init; }
    }

    private sealed class ListedAction
    {
        public string Found { get; init; } = "";
        public Guid? Id { get; init; }
        public string? Name { get; init; }
        public Guid? UserId { get; init; }
        public string? Status { get; init; }
        public string? IdempotencyKey { get; init; }
        public string? ErrorMessage { get; init; }
        public int? ExecutionTimeMs { get; init; }
        public DateTime? CreatedAt { get; init; }
        public DateTime? UpdatedAt { get; init; }
    }
}
