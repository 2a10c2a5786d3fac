using System.Text.Json;
using EventWizard.Shared.Data;
using EventWizard.Shared.Observability;
using EventWizard.Shared.Stages;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWizard.Shared.Sessions;

/// <summary>
/// PATCH autosave. Completeness has one judge, <see cref="SessionValidation"/> over the payloads, and is never stored:
/// a stored verdict goes stale when the clock passes an event's date, and two judges (SQL over a stored array, C#
/// over the payloads) disagreed then. So the one-statement path takes only what needs no judgement (a save that
/// stays at or moves back from the current stage: the common autosave), and everything else (a move forward, or a
/// statement that updated nothing) goes the careful path, which judges the whole session once, in C#, under the
/// row lock. The response's <c>completed_stages</c> and <c>issues</c> come from that same judgement, or (after the
/// one-statement path) from judging the returned row once.
/// </summary>
public sealed class SessionAutosave(TenantDb db, StageValidator validator, ILogger<SessionAutosave> logger)
{
    private static readonly string[] AllStages = [.. WizardStages.All];

    public async Task<SessionOutcome> SaveAsync(Caller caller, AutosaveRequest request, int[]? ifMatch, CancellationToken ct)
    {
        try
        {
            return WizardMetrics.Autosaved(await SaveInOneStatementAsync(caller, request, ifMatch, ct) is { } saved
                ? SessionOutcome.Ok(saved)
                : await SaveCarefullyAsync(caller, request, ifMatch, ct));
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // A data exception from jsonb (a number beyond numeric's range, say): the client's data, not our bug.
            logger.LogInformation("Autosave of {SessionId} refused by PostgreSQL: {SqlState}", request.SessionId, ex.SqlState);
            return WizardMetrics.Autosaved(SessionOutcome.UnstorableData);
        }
    }

    /// <summary>
    /// The row saved in one round trip, or null when the statement updated nothing: the session is unknown, closed or
    /// at another version, or the request moves the wizard forward (which needs the careful path's judgement).
    /// </summary>
    internal async Task<SessionRow?> SaveInOneStatementAsync(Caller caller, AutosaveRequest request, int[]? ifMatch, CancellationToken ct)
    {
        var parameters = SqlParameters.Of(new
        {
            caller.OrganizationId,
            request.SessionId,
            request.Target,
            TargetPosition = WizardStages.IndexOf(request.Target) + 1,
            CheckVersion = ifMatch is not null,
            IfMatch = ifMatch ?? [],
            AllStages,
        });
        AddPayloadParameters(parameters, request);
        return await db.QuerySingleOrDefaultAsync<SessionRow>(caller, OneStatementSql, parameters, ct);
    }

    /// <summary>
    /// One text parameter per payload column (the fixed stage -> column map), null except the one being written:
    /// the statement's parameter types never change, so Npgsql's automatic preparation keeps one prepared statement.
    /// </summary>
    private static void AddPayloadParameters(SqlParameters parameters, AutosaveRequest request)
    {
        foreach (var stage in WizardStages.DataStages)
        {
            parameters.Add<string?>(PayloadParameters[stage], stage == request.Stage ? request.Data : null);
        }
    }

    /// <summary>The parameter of each payload column: its name in PascalCase (organizer_data -> OrganizerData).</summary>
    private static readonly Dictionary<string, string> PayloadParameters = WizardStages.DataStages.ToDictionary(
        stage => stage,
        stage => string.Concat(WizardStages.ColumnOf(stage).Split('_').Select(word => char.ToUpperInvariant(word[0]) + word[1..])));

    // What every save writes besides the stage, for both paths: each payload column from its parameter (see
    // AddPayloadParameters: the one sent, the others null, so kept), the next version and a new expiry.
    private const string SaveAssignments = """
        organizer_data = coalesce(@OrganizerData::jsonb, s.organizer_data),
            event_data = coalesce(@EventData::jsonb, s.event_data),
            ticket_data = coalesce(@TicketData::jsonb, s.ticket_data),
            venue_data = coalesce(@VenueData::jsonb, s.venue_data),
            payment_data = coalesce(@PaymentData::jsonb, s.payment_data),
            version = s.version + 1,
            expires_at = now() + interval '7 days'
        """;

    // Writes the payload, sets current_stage to the target (which is at or before the current stage: no judgement
    // needed), bumps version and expiry, when the session is open, unexpired, at the If-Match version and at or past the
    // target: the WHERE reads the row as it is before the update (and again after any concurrent update it waited for).
    // A change of stage is recorded in the transcript by the table's trigger (sql/009). Nothing happens when no row
    // matches. One plain update: every node of a statement's plan is set up again on each execution.
    private const string OneStatementSql = $"""
        update wizard_sessions s
        set {SaveAssignments},
            current_stage = @Target
        where s.organization_id = @OrganizationId and s.session_id = @SessionId
          and s.status = 'in_progress' and s.expires_at > now()
          and (not @CheckVersion or s.version = any(@IfMatch))
          and array_position(@AllStages::text[], s.current_stage::text) >= @TargetPosition
        returning {SessionRow.Columns}
        """;

    /// <summary>
    /// The authoritative path: lock the row, judge the whole session once (with the request's payload) in C#, decide
    /// the move, write. Used for moves forward and when the one-statement path updated nothing (unknown, closed,
    /// stale version); the outcome carries the judgement, so the response does not make it again.
    /// </summary>
    internal async Task<SessionOutcome> SaveCarefullyAsync(Caller caller, AutosaveRequest request, int[]? ifMatch, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(caller, ct);
        var row = await tx.QuerySingleOrDefaultAsync<SessionRow>(LockSql, new { caller.OrganizationId, request.SessionId }, ct);
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
            caller.OrganizationId,
            request.SessionId,
            CurrentStage = forwardOk ? request.Target : row.CurrentStage,
        });
        AddPayloadParameters(parameters, request);
        var saved = await tx.QuerySingleAndCommitAsync<SessionRow>(CarefulUpdateSql, parameters, ct);
        WizardMetrics.MovedForward(from: row.CurrentStage, to: saved.CurrentStage);
        return SessionOutcome.Ok(saved) with { Validation = validation };
    }

    private const string LockSql = $"""
        select {SessionRow.Columns} from wizard_sessions s
        where s.organization_id = @OrganizationId and s.session_id = @SessionId
        for update
        """;

    private const string CarefulUpdateSql = $"""
        update wizard_sessions s
        set {SaveAssignments},
            current_stage = @CurrentStage
        where s.organization_id = @OrganizationId and s.session_id = @SessionId
        returning {SessionRow.Columns}
        """;
}
