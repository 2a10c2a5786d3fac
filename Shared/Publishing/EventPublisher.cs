using System.Text.Json;
using EventWizard.Shared.Actions;
using EventWizard.Shared.Data;
using EventWizard.Shared.Events;
using EventWizard.Shared.Http;
using EventWizard.Shared.Observability;
using EventWizard.Shared.Resilience;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;
using EventWizard.Shared.Stripe;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWizard.Shared.Publishing;

/// <summary>
/// Publishes a wizard session exactly once. One transaction claims the action's key, locks and re-reads the
/// session, validates it, inserts the event, completes the action with the event as its result and closes the
/// session; a failure anywhere rolls all of it back, so a retry with the same key starts clean. A validation
/// failure is recorded afterwards as a failed action in its own short transaction (it does not hold the key).
/// </summary>
public sealed class EventPublisher(
    TenantDb db, ActionStore actions, EventStore events, SessionStore sessions, StageValidator validator,
    StripeGateway stripe, StripeAccounts stripeAccounts, ResiliencePipelines pipelines,
    TimeProvider clock, ILogger<EventPublisher> logger)
{
    private const int MaxAttempts = 3;

    public async Task<PublishOutcome> PublishAsync(Caller caller, PublishRequest request, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        return WizardMetrics.Published(await PublishOnceAsync(caller, request, started, ct), clock.GetElapsedTime(started));
    }

    private async Task<PublishOutcome> PublishOnceAsync(Caller caller, PublishRequest request, long started, CancellationToken ct)
    {
        var action = new ActionRequest(ActionNames.PublishEvent, request.SessionId, request.Key,
            RequestFingerprint.Of(ActionNames.PublishEvent, request.SessionId),
            JsonSerializer.SerializeToElement(new { sessionId = request.SessionId }));
        var (stripeRefusal, readyAccount) = stripe.IsConfigured ? await CheckStripeAccountAsync(caller, request.SessionId, ct) : (null, null);
        if (stripeRefusal is not null)
        {
            await RecordRefusalAsync(caller, action, stripeRefusal, started, ct);
            return stripeRefusal;
        }
        for (var attempt = 1; ; attempt++)
        {
            PublishOutcome outcome;
            try
            {
                // The whole transaction is one repeatable unit: a lost connection or a deadlock rolls all of it back.
                outcome = await pipelines.RunDatabaseAsync(token => AttemptAsync(caller, action, started, readyAccount, token), ct);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation
                && ex.ConstraintName == "events_org_source_session_key")
            {
                // Last line of defence: the session was published by another key first. Answer with that event.
                var existing = await events.GetBySourceSessionAsync(caller, request.SessionId, ct)
                    ?? throw new InvalidOperationException("The event that holds the session's unique key is not visible.", ex);
                return PublishOutcome.AlreadyPublished(ToJson(existing));
            }
            catch (PostgresException ex) when (attempt < MaxAttempts
                && ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "events_slug_key" })
            {
                // All rolled back: the whole unit is safe to run again.
                logger.LogWarning("Publish of {SessionId} retried after {SqlState}", request.SessionId, ex.SqlState);
                continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !DatabaseErrors.IsUnavailable(ex))
            {
                await RecordCrashAsync(caller, action, ex, started);
                throw;
            }
            if (outcome is { Kind: PublishOutcomeKind.AlreadyPublished, Event: null, EventId: { } eventId })
            {
                // Read after the attempt's transaction has ended, so the session lock is not held meanwhile:
                // the next duplicate waiting for it goes on at once.
                var published = await events.GetAsync(caller, eventId, ct);
                return published is null ? PublishOutcome.Closed("completed") : PublishOutcome.AlreadyPublished(ToJson(published));
            }
            await RecordRefusalAsync(caller, action, outcome, started, ct);
            return outcome;
        }
    }

    /// <summary>
    /// The dry run of publish (GET …/publish-check): every rule <see cref="PublishAsync"/> applies to the session, the
    /// Stripe readiness of a paid event's account included, and nothing of the session, its actions or events written
    /// (the cached Stripe account status may be refreshed, as publish would).
    /// </summary>
    public async Task<PublishOutcome> CheckAsync(Caller caller, string sessionId, CancellationToken ct)
    {
        var session = await pipelines.RunDatabaseAsync(token => sessions.GetAsync(caller, sessionId, token), ct);
        if (session is null)
        {
            return PublishOutcome.NotFound;
        }
        if (!session.IsOpen)
        {
            return PublishOutcome.Closed(session.Status);
        }
        var issues = IssuesOf(session).ToList();
        var (stripeRefusal, _) = await CheckStripeAccountAsync(caller, session, ct);
        switch (stripeRefusal?.Kind)
        {
            case PublishOutcomeKind.StripeError:
                return stripeRefusal;
            case PublishOutcomeKind.StripeAccountNotReady:
                issues.AddRange(PublishProblems.StripeAccountNotReady().Issues!);
                break;
        }
        return PublishOutcome.Checked(issues);
    }

    /// <summary>
    /// What keeps a session's payloads from becoming an event: the issues of every data stage (the cross-stage rule
    /// included), then what the event's columns cannot hold. Empty when the session can be published.
    /// </summary>
    private IReadOnlyList<FieldIssue> IssuesOf(SessionPayloads session)
    {
        var validation = SessionValidation.Of(validator, session.PayloadOf);
        return validation.IsComplete
            ? EventDraft.From(session.EventData, session.TicketData, session.VenueData, session.PaymentData).Issues
            : validation.AllIssues();
    }

    /// <summary>The Stripe check of <see cref="CheckStripeAccountAsync(Caller, SessionPayloads, CancellationToken)"/> for an open session.</summary>
    private async Task<(PublishOutcome? Refusal, string? ReadyAccount)> CheckStripeAccountAsync(
        Caller caller, string sessionId, CancellationToken ct) =>
        await pipelines.RunDatabaseAsync(token => sessions.GetAsync(caller, sessionId, token), ct) is { IsOpen: true } session
            ? await CheckStripeAccountAsync(caller, session, ct)
            : (null, null);

    /// <summary>
    /// With paid tiers and Stripe configured, the account must be able to take payments. Stripe is asked here,
    /// before the transaction (never inside it); the status is cached in stripe_accounts. Returns the account id
    /// found ready, which the transaction checks again against the locked session.
    /// </summary>
    private async Task<(PublishOutcome? Refusal, string? ReadyAccount)> CheckStripeAccountAsync(
        Caller caller, SessionPayloads session, CancellationToken ct)
    {
        if (!stripe.IsConfigured || !StageValidator.HasPaidTier(session.TicketData)
            || AccountIdOf(session.PaymentData) is not { } accountId)
        {
            return (null, null);
        }
        var check = await stripeAccounts.EnsureChargesEnabledAsync(caller, accountId, ct);
        return check.Readiness switch
        {
            ChargesReadiness.Ready => (null, accountId),
            ChargesReadiness.NotReady => (PublishOutcome.StripeAccountNotReady, null),
            ChargesReadiness.StripeError => (PublishOutcome.StripeFailed(check.StripeMessage ?? "Stripe did not answer."), null),
            _ => (null, null),
        };
    }

    private static string? AccountIdOf(JsonElement payment) =>
        payment.ValueKind == JsonValueKind.Object && payment.TryGetProperty("accountId", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    /// <summary>Refusals are recorded as failed actions in their own short transaction; they do not use up the key.</summary>
    private async Task RecordRefusalAsync(Caller caller, ActionRequest action, PublishOutcome outcome, long started, CancellationToken ct)
    {
        var (reason, detail) = outcome.Kind switch
        {
            PublishOutcomeKind.SessionIncomplete => ($"session_incomplete: {string.Join(", ", outcome.Issues!.Select(i => i.Field).Distinct())}",
                (JsonElement?)JsonSerializer.SerializeToElement(new { issues = outcome.Issues })),
            PublishOutcomeKind.StripeAccountNotReady => ("stripe_account_not_ready", null),
            PublishOutcomeKind.StripeError => ($"stripe_error: {outcome.StripeMessage}", null),
            _ => ((string?)null, (JsonElement?)null),
        };
        if (reason is not null)
        {
            await actions.RecordFailureAsync(caller, action, reason, detail, ElapsedMs(started), ct);
        }
    }

    private async Task<PublishOutcome> AttemptAsync(Caller caller, ActionRequest action, long started, string? readyAccount,
        CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(caller, ct);
        // One round trip: the tenant setting, the claim, the key's holder and the locked session.
        var (claim, session) = await actions.ClaimAndReadAsync<LockedSession>(tx, caller, action, LockSessionSql, ct);
        switch (claim.Status)
        {
            case ActionClaimStatus.Completed:
                return PublishOutcome.Replayed(FromStoredResult(claim.Result!.Value));
            case ActionClaimStatus.KeyReused:
                return PublishOutcome.KeyReused;
            case ActionClaimStatus.InProgress:
                return PublishOutcome.InProgress;
            case ActionClaimStatus.SessionNotFound:
                return PublishOutcome.NotFound;
        }

        if (session is null)
        {
            return PublishOutcome.NotFound;
        }
        if (session.Status == "completed")
        {
            return session.EventId is { } eventId ? PublishOutcome.AlreadyPublishedAs(eventId) : PublishOutcome.Closed("completed");
        }
        if (session.Status != "in_progress" || session.Expired)
        {
            return PublishOutcome.Closed(session.Status == "in_progress" ? "expired" : session.Status);
        }

        if (IssuesOf(session) is { Count: > 0 } issues)
        {
            return PublishOutcome.Incomplete(issues);
        }
        var draft = EventDraft.From(session.EventData, session.TicketData, session.VenueData, session.PaymentData).Draft!;

        if (stripe.IsConfigured && StageValidator.HasPaidTier(session.TicketData) && draft.StripeAccountId != readyAccount)
        {
            // The account changed since it was found ready (or was never checked): ask again on the next try.
            return PublishOutcome.StripeAccountNotReady;
        }

        var row = await InsertEventCloseAndCommitAsync(tx, caller, claim, session, draft, ElapsedMs(started), ct);
        logger.LogInformation("Published {EventId} for {SessionId}", row.Id, session.SessionId);
        return PublishOutcome.Created(ToJson(row));
    }

    /// <summary>
    /// Re-reads the session under a row lock, in the claim's batch (so replays and refusals take the lock too,
    /// for the moment their transaction lasts). FOR NO KEY UPDATE rather than FOR UPDATE: the action rows
    /// inserted by concurrent publishes hold FOR KEY SHARE on the session (their foreign key), which
    /// FOR UPDATE would wait on, deadlocking two publishes with different keys.
    /// </summary>
    private const string LockSessionSql = """
        select session_id, user_id, status, expires_at < now() as expired, event_id,
               organizer_data, event_data, ticket_data, venue_data, payment_data
        from wizard_sessions
        where organization_id = @OrganizationId and session_id = @SessionId
        for no key update
        """;

    /// <summary>
    /// One statement: inserts the event (slug from event_slug(), sql/001), completes the claimed action with the event row
    /// as its result (the same completion as <see cref="ActionStore.CompleteAsync"/>, folded in to save round
    /// trips; by id alone, as there) and closes the session; COMMIT goes in the same round trip.
    /// </summary>
    private static async Task<EventRow> InsertEventCloseAndCommitAsync(TenantTransaction tx, Caller caller, ActionClaim claim,
        LockedSession session, EventDraft draft, int executionTimeMs, CancellationToken ct)
    {
        const string sql = $"""
            with ev as (
                insert into events (organization_id, user_id, source_session_id, title, slug, type, description, event_date,
                                    start_time, end_time, timezone, venue_mode, venue_data, ticket_tiers, total_capacity,
                                    stripe_account_id, payment_enabled, status, published_at, published_by)
                values (@OrganizationId, @UserId, @SessionId, @Title, event_slug(@Title), @Type, @Description, @EventDate::date,
                        @StartTime::time, @EndTime::time, @Timezone, @VenueMode, @VenueData, @TicketTiers, @TotalCapacity,
                        @StripeAccountId, @PaymentEnabled, 'published', now(), @PublishedBy)
                returning {EventStore.Columns}
            ),
            completed_action as (
                update wizard_actions
                set status = 'completed', result = (select to_jsonb(ev) from ev), error_message = null,
                    execution_time_ms = @ExecutionTimeMs
                where id = @ActionId
            ),
            closed_session as (
                update wizard_sessions
                set status = 'completed', is_active = false, event_id = (select id from ev), current_stage = 'reviewPublish',
                    version = version + 1
                where organization_id = @OrganizationId and session_id = @SessionId
            )
            select * from ev
            """;
        return await tx.QuerySingleAndCommitAsync<EventRow>(sql, new
        {
            caller.OrganizationId,
            session.UserId,
            PublishedBy = caller.UserId,
            session.SessionId,
            draft.Title,
            draft.Type,
            draft.Description,
            draft.EventDate,
            draft.StartTime,
            draft.EndTime,
            draft.Timezone,
            draft.VenueMode,
            draft.VenueData,
            draft.TicketTiers,
            draft.TotalCapacity,
            draft.StripeAccountId,
            draft.PaymentEnabled,
            claim.ActionId,
            ExecutionTimeMs = executionTimeMs,
        }, ct);
    }

    /// <summary>An unexpected failure rolled everything back; leave a failed action behind for whoever investigates.</summary>
    private async Task RecordCrashAsync(Caller caller, ActionRequest action, Exception exception, long started)
    {
        var reason = exception is PostgresException pg ? $"internal_error (SQLSTATE {pg.SqlState})" : $"internal_error ({exception.GetType().Name})";
        try
        {
            await actions.RecordFailureAsync(caller, action, reason, null, ElapsedMs(started), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not record the failed publish of {SessionId}", action.SessionId);
        }
    }

    private int ElapsedMs(long started) => (int)Math.Min(int.MaxValue, clock.GetElapsedTime(started).TotalMilliseconds);

    private static JsonElement ToJson(EventRow row) => JsonSerializer.SerializeToElement(row, ApiJson.Options);

    /// <summary>
    /// The stored result (to_jsonb of the returned row, in jsonb's key order and PostgreSQL's time stamp format)
    /// as the API writes an event, so a replay's body is byte for byte the first response's.
    /// </summary>
    private static JsonElement FromStoredResult(JsonElement stored) => ToJson(stored.Deserialize<EventRow>(ApiJson.Options)!);

    /// <summary>The session as publish reads it under its lock: the raw status, with expiry apart.</summary>
    private sealed class LockedSession : SessionPayloads
    {
        public string SessionId { get; init; } = "";
        public Guid UserId { get; init; }
        public string Status { get; init; } = "";
        public bool Expired { get; init; }
        public Guid? EventId { get; init; }
    }
}
