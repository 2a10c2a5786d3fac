using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using EventWizard.Shared.Data;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;
using EventWizard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventWizard.Tests.Sessions;

/// <summary>
/// Autosave's two paths, the one statement and the careful one, side by side on identical sessions: where the one
/// statement saves, the careful path stores exactly the same; where the request needs a judgement (a move forward),
/// the one statement declines and the careful path judges the payloads as they are now, a date that has passed
/// since the last save included.
/// </summary>
public sealed class AutosavePathsTests
{
    private static readonly string Yesterday = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static TheoryData<string, string, string, string> Cases() => new()
    {
        // name, the stage the session is at, the request, what the event payload's date is
        { "typing into the current stage", "organizerSetup", """{"stage":"organizer","data":{"name":"Ann"}}""", "future" },
        { "completing the current stage", "eventSetup", """{"stage":"event","data":{EVENT}}""", "future" },
        { "editing an earlier stage moves back", "venueSetup", """{"stage":"organizer","data":{"name":"Bo","email":"bo@example.com"}}""", "future" },
        { "an explicit move back", "venueSetup", """{"currentStage":"eventSetup"}""", "future" },
        { "data with a move back", "paymentSetup", """{"stage":"ticket","data":{"tiers":[]},"currentStage":"organizerSetup"}""", "future" },
        { "staying where it is", "ticketSetup", """{"currentStage":"ticketSetup"}""", "future" },
        { "a date passed since the last save, typing elsewhere", "venueSetup", """{"stage":"venue","data":{"mode":"virtual"}}""", "past" },
        { "a date passed since the last save, moving back", "venueSetup", """{"stage":"event","data":{EVENT}}""", "past" },
        { "moving forward over complete stages", "organizerSetup", """{"currentStage":"venueSetup"}""", "future" },
        { "autosaving a later stage", "eventSetup", """{"stage":"ticket","data":{"tiers":[]}}""", "future" },
        { "moving forward over a date that has passed", "eventSetup", """{"currentStage":"ticketSetup"}""", "past" },
        { "autosaving past a date that has passed", "eventSetup", """{"stage":"venue","data":{"mode":"virtual"}}""", "past" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_two_paths_store_the_same_and_judge_the_payloads_as_they_are_now(string name, string at, string body, string date)
    {
        var caller = new Caller(Guid.NewGuid(), Guid.NewGuid());
        var autosave = new SessionAutosave(new TenantDb(await TestDatabase.RuntimeAsync()), new StageValidator(TimeProvider.System),
            NullLogger<SessionAutosave>.Instance);
        var oneStatement = await ArrangeAsync(caller, at, date);
        var careful = await ArrangeAsync(caller, at, date);
        var eventJson = Payloads(date).Event.ToJsonString();

        var before = await StoredAsync(caller, oneStatement, at);
        var fast = await autosave.SaveInOneStatementAsync(caller, Request(body, oneStatement, eventJson), null, CancellationToken.None);
        var request = Request(body, careful, eventJson);
        var judged = await autosave.SaveCarefullyAsync(caller, request, null, CancellationToken.None);

        if (WizardStages.IndexOf(request.Target) > WizardStages.IndexOf(at))
        {
            Assert.True(fast is null, $"{name}: the one statement must leave a move forward to the careful path");
            Assert.Equal(before, await StoredAsync(caller, oneStatement, at));
            var blocked = date == "past" && WizardStages.IndexOf(request.Target) > WizardStages.IndexOf(WizardStages.Event);
            if (blocked && request.MovesExplicitly)
            {
                Assert.Equal(SessionOutcomeKind.StageIncomplete, judged.Kind);
                Assert.Contains(judged.Issues!, issue => issue is { Field: "eventSetup.date", Code: "in_past" });
            }
            else
            {
                Assert.Equal(SessionOutcomeKind.Ok, judged.Kind);
                Assert.Equal(blocked ? at : request.Target, judged.Row!.CurrentStage);
            }
            return;
        }
        Assert.NotNull(fast);
        Assert.Equal(SessionOutcomeKind.Ok, judged.Kind);
        Assert.Equal(await StoredAsync(caller, oneStatement, at), await StoredAsync(caller, careful, at));
        var validator = new StageValidator(TimeProvider.System);
        Assert.Equal(Judgement(SessionValidation.Of(validator, fast!.PayloadOf)), Judgement(judged.Validation!));
        Assert.Equal(date == "past", judged.Validation!.Issues.TryGetValue(WizardStages.Event, out var eventIssues)
            && eventIssues.Any(issue => issue.Code == "in_past"));
    }

    private static StagePayloads Payloads(string date)
    {
        var payloads = new StagePayloads();
        if (date == "past")
        {
            payloads.Event["date"] = Yesterday;
        }
        return payloads;
    }

    /// <summary>A session whose payloads are complete (as they were when last saved) at stage <paramref name="at"/>.</summary>
    private static async Task<string> ArrangeAsync(Caller caller, string at, string date)
    {
        var sessionId = await SessionRows.InsertAsync(caller.OrganizationId, caller.UserId, Payloads(date));
        await SessionApi.ExecuteAsOwnerAsync("update wizard_sessions set current_stage = @at where organization_id = @org and session_id = @id",
            new { at, org = caller.OrganizationId, id = sessionId });
        return sessionId;
    }

    private static AutosaveRequest Request(string body, string sessionId, string eventJson)
    {
        var json = JsonNode.Parse(body.Replace("{EVENT}", eventJson, StringComparison.Ordinal))!.AsObject();
        json["sessionId"] = sessionId;
        var (request, problem) = AutosaveRequest.Parse(JsonDocument.Parse(json.ToJsonString()).RootElement, null);
        Assert.Null(problem);
        return request!;
    }

    /// <summary>What a path left behind, without what differs by nature (ids, time stamps): the row and its transcript.</summary>
    private static async Task<string> StoredAsync(Caller caller, string sessionId, string at)
    {
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<string>("""
            select json_build_array(current_stage, status, is_active, version, organizer_data, event_data, ticket_data, venue_data,
                                    payment_data, expires_at - updated_at > interval '6 days 23 hours')::text
            from wizard_sessions where organization_id = @org and session_id = @id
            """, new { org = caller.OrganizationId, id = sessionId });
        var transcript = await conn.QueryAsync<string>(
            "select role || ' ' || stage || ' ' || text from wizard_interactions where organization_id = @org and session_id = @id order by seq",
            new { org = caller.OrganizationId, id = sessionId });
        return row + " | " + string.Join(" / ", transcript) + " | was at " + at;
    }

    private static string Judgement(SessionValidation validation) =>
        string.Join(",", validation.CompletedStages) + " | " + string.Join(",", validation.AllIssues().Select(issue => issue.Field + ":" + issue.Code));
}
