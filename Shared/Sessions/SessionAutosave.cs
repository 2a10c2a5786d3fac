using System.Text.Json;
using EventWizard.Shared.Data;
using EventWizard.Shared.Stages;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWizard.Shared.Sessions;

/// <summary>
/// PATCH autosave. The happy path is one round trip: the tenant setting plus one UPDATE that writes the
/// stage payload, recomputes the stored completed_stages from this stage's validation, moves current_stage
/// when the forward rule holds on the stored array, bumps version and expiry, and appends the
/// "Stage changed" interaction. When it updates nothing, <see cref="SaveCarefullyAsync"/> works out why
/// (or finishes the job) in a transaction, with the whole session validated in C#.
/// </summary>
public sealed class SessionAutosave(TenantDb db, StageValidator validator, ILogger<SessionAutosave> logger)
{
    private static readonly string[] AllStages = [.. WizardStages.All];
    private static readonly string[] DataStages = [.. WizardStages.DataStages];

    public async Task<SessionOutcome> SaveAsync(Caller caller, AutosaveRequest request, int[]? ifMatch, CancellationToken ct)
    {
        try
        {
            // Moving to reviewPublish also needs the cross-stage rule, which reads two payloads: rare, so careful path.
            if (request.Target != WizardStages.Review)
            {
                var saved = await db.QuerySingleOrDefaultAsync<SessionRow>(caller, FastSql, FastParameters(caller, request, ifMatch), ct);
                if (saved is not null)
                {
                    return SessionOutcome.Ok(saved);
                }
            }
            return await SaveCarefullyAsync(caller, request, ifMatch, ct);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // A data exception from jsonb (a number beyond numeric's range, say): the client's data, not our bug.
            logger.LogInformation("Autosave of {SessionId} refused by PostgreSQL: {SqlState}", request.SessionId, ex.SqlState);
            return SessionOutcome.UnstorableData;
        }
    }

    private SqlParameters FastParameters(Caller caller, AutosaveRequest request, int[]? ifMatch)
    {
        var parameters = SqlParameters.Of(new
        {
            org = caller.OrganizationId,
            session_id = request.SessionId,
            data_stage = request.Data is null ? null : request.Stage,
            data_complete = request.DataElement is { } data && validator.Validate(request.Stage!, data).Count == 0,
            target = request.Target,
            target_index = WizardStages.IndexOf(request.Target) + 1,
            required = WizardStages.DataStagesBefore(request.Target).ToArray(),
            is_explicit = request.MovesExplicitly,
            check_version = ifMatch is not null,
            if_match = ifMatch ?? [],
            all_stages = AllStages,
            data_stages = DataStages,
        });
        AddPayloadParameters(parameters, request);
        return parameters;
    }

    /// <summary>
    /// One text parameter per payload column (the fixed stage -> column map), null except the one being written:
    /// the statement's parameter types never change, so Npgsql's automatic preparation keeps one prepared statement.
    /// </summary>
    private static void AddPayloadParameters(SqlParameters parameters, AutosaveRequest request)
    {
        foreach (var stage in WizardStages.DataStages)
        {
            parameters.Add<string?>(WizardStages.ColumnOf(stage), stage == request.Stage ? request.Data : null);
        }
    }

    // prev locks the row and computes the new completed set from the stored one; upd applies the change only
    // when the session is open, unexpired, at the If-Match version and (for an explicit move) the forward
    // rule holds; ins records a stage change. Nothing of it happens when upd matches no row.
    private const string FastSql = $"""
        with prev as (
            select s.id, s.current_stage,
                   array(select d.stage from unnest(@data_stages::text[]) with ordinality d(stage, n)
                         where case when d.stage = @data_stage then @data_complete else d.stage = any(s.completed_stages) end
                         order by d.n) as completed
            from wizard_sessions s
            where s.organization_id = @org and s.session_id = @session_id
            for update
        ), chk as (
            select prev.*,
                   array_position(@all_stages::text[], prev.current_stage::text) >= @target_index
                   or @required::text[] <@ prev.completed as forward_ok
            from prev
        ), upd as (
            update wizard_sessions s
            set organizer_data = coalesce(@organizer_data::jsonb, s.organizer_data),
                event_data = coalesce(@event_data::jsonb, s.event_data),
                ticket_data = coalesce(@ticket_data::jsonb, s.ticket_data),
                venue_data = coalesce(@venue_data::jsonb, s.venue_data),
                payment_data = coalesce(@payment_data::jsonb, s.payment_data),
                completed_stages = chk.completed,
                current_stage = case when chk.forward_ok then @target else s.current_stage end,
                version = s.version + 1,
                expires_at = now() + interval '7 days'
            from chk
            where s.id = chk.id and s.status = 'in_progress' and s.expires_at > now()
              and (not @check_version or s.version = any(@if_match))
              and (not @is_explicit or chk.forward_ok)
            returning s.*, chk.current_stage as previous_stage
        ), ins as (
            insert into wizard_interactions (organization_id, session_id, role, stage, text)
            select upd.organization_id, upd.session_id, 'system', upd.current_stage,
                   'Stage changed: ' || upd.previous_stage || ' -> ' || upd.current_stage
            from upd cross join lateral wizard_interactions_lock(upd.organization_id, upd.session_id)
            where upd.current_stage <> upd.previous_stage
        )
        select {SessionRow.Columns} from upd s
        """;

    /// <summary>
    /// The authoritative path: lock the row, judge everything in C# from the payloads, write. Used when the
    /// one-statement path updated nothing (unknown, closed, stale version, forward rule) and for reviewPublish.
    /// </summary>
    private async Task<SessionOutcome> SaveCarefullyAsync(Caller caller, AutosaveRequest request, int[]? ifMatch, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(caller, ct);
        var row = await tx.QuerySingleOrDefaultAsync<SessionRow>(LockSql, new { org = caller.OrganizationId, session_id = request.SessionId }, ct);
        if (row is null)
        {
            return SessionOutcome.NotFound;
        }
        if (!row.IsOpen)
        {
            return SessionOutcome.Closed(row);
        }
        if (ifMatch is not null && !ifMatch.Contains(row.Version))
        {
            return SessionOutcome.VersionMismatch(row);
        }

        JsonElement PayloadOf(string stage) =>
            stage == request.Stage && request.DataElement is { } data ? data : row.PayloadOf(stage);
        var validation = SessionValidation.Of(validator, PayloadOf);
        var missing = WizardStages.DataStagesBefore(request.Target).Where(validation.Issues.ContainsKey).ToList();
        var forwardOk = WizardStages.IndexOf(request.Target) <= WizardStages.IndexOf(row.CurrentStage) || missing.Count == 0;
        if (request.MovesExplicitly && !forwardOk)
        {
            return SessionOutcome.StageIncomplete(validation.AllIssues(missing));
        }

        var parameters = SqlParameters.Of(new
        {
            id = row.Id,
            previous_stage = row.CurrentStage,
            current_stage = forwardOk ? request.Target : row.CurrentStage,
            completed = validation.CompletedStages.ToArray(),
        });
        AddPayloadParameters(parameters, request);
        var saved = await tx.QuerySingleAsync<SessionRow>(CarefulUpdateSql, parameters, ct);
        await tx.CommitAsync(ct);
        return SessionOutcome.Ok(saved);
    }

    private const string LockSql = $"""
        select s.id, {SessionRow.Columns} from wizard_sessions s
        where s.organization_id = @org and s.session_id = @session_id
        for update
        """;

    private const string CarefulUpdateSql = $"""
        with upd as (
            update wizard_sessions s
            set organizer_data = coalesce(@organizer_data::jsonb, s.organizer_data),
                event_data = coalesce(@event_data::jsonb, s.event_data),
                ticket_data = coalesce(@ticket_data::jsonb, s.ticket_data),
                venue_data = coalesce(@venue_data::jsonb, s.venue_data),
                payment_data = coalesce(@payment_data::jsonb, s.payment_data),
                completed_stages = @completed::text[],
                current_stage = @current_stage,
                version = s.version + 1,
                expires_at = now() + interval '7 days'
            where s.id = @id
            returning s.*
        ), ins as (
            insert into wizard_interactions (organization_id, session_id, role, stage, text)
            select upd.organization_id, upd.session_id, 'system', upd.current_stage,
                   'Stage changed: ' || @previous_stage || ' -> ' || upd.current_stage
            from upd cross join lateral wizard_interactions_lock(upd.organization_id, upd.session_id)
            where upd.current_stage <> @previous_stage
        )
        select {SessionRow.Columns} from upd s
        """;
}
