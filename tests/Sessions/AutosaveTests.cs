using System.Net;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Sessions;

public sealed class AutosaveTests
{
    [Fact]
    public async Task Autosave_stores_half_typed_data_and_reports_its_issues()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        var response = await PatchAsync(tenant, new { sessionId = id, stage = "organizerSetup", data = new { name = "An", email = "an@" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        var body = await JsonAsync(response);
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal("an@", body.GetProperty("organizer_data").GetProperty("email").GetString());
        Assert.Empty(Strings(body.GetProperty("completed_stages")));
        var issue = Assert.Single(body.GetProperty("issues").GetProperty("organizerSetup").EnumerateArray());
        Assert.Equal("email", issue.GetProperty("field").GetString());
        Assert.Contains("\"an@\"", await StoredAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task Data_replaces_the_stage_payload_rather_than_merging()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new { name = "Ann", phone = "123" } });

        var body = await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new { email = "ann@example.com" } });

        Assert.Equal("""{"email":"ann@example.com"}""", body.GetProperty("organizer_data").GetRawText());
    }

    [Theory]
    [InlineData("organizer", "organizer_data")]
    [InlineData("event", "event_data")]
    [InlineData("ticket", "ticket_data")]
    [InlineData("venue", "venue_data")]
    [InlineData("payment", "payment_data")]
    [InlineData("venueSetup", "venue_data")]
    public async Task Each_stage_and_its_alias_writes_its_own_column(string stage, string column)
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        var body = await PatchOkAsync(tenant, new { sessionId = id, stage, data = new { marker = stage } });

        Assert.Equal(stage, body.GetProperty(column).GetProperty("marker").GetString());
        foreach (var other in new[] { "organizer_data", "event_data", "ticket_data", "venue_data", "payment_data" }.Where(c => c != column))
        {
            Assert.Equal("{}", body.GetProperty(other).GetRawText());
        }
    }

    [Fact]
    public async Task Session_id_may_come_in_the_path()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        var viaPath = await PatchAsync(tenant, new { stage = "organizer", data = new StagePayloads().Organizer }, pathId: id);
        var both = await PatchAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer }, pathId: id);
        var mismatch = await PatchAsync(tenant, new { sessionId = NewId(), stage = "organizer", data = new StagePayloads().Organizer }, pathId: id);

        Assert.Equal(HttpStatusCode.OK, viaPath.StatusCode);
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Equal(3, (await JsonAsync(both)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Plain_autosaves_bump_the_version_and_write_no_interactions()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        for (var i = 0; i < 3; i++)
        {
            await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new { name = $"n{i}" } });
        }

        var body = await JsonAsync(await tenant.Http.GetAsync($"/api/wizard-session/{id}"));
        Assert.Equal(4, body.GetProperty("version").GetInt32());
        Assert.Equal("organizerSetup", body.GetProperty("current_stage").GetString());
        Assert.Equal(0, await InteractionCountAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task Autosaving_a_later_stage_moves_there_when_the_stages_before_it_are_complete_and_records_it()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });

        var body = await PatchOkAsync(tenant, new { sessionId = id, stage = "event", data = new { title = "half" } });

        Assert.Equal("eventSetup", body.GetProperty("current_stage").GetString());
        Assert.Equal(["system: Stage changed: organizerSetup -> eventSetup"], await InteractionTextsAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task Autosaving_a_stage_the_rules_do_not_reach_yet_saves_the_data_and_stays_put()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        var body = await PatchOkAsync(tenant, new { sessionId = id, stage = "ticket", data = new StagePayloads().Ticket });

        Assert.Equal("organizerSetup", body.GetProperty("current_stage").GetString());
        Assert.Equal(["ticketSetup"], Strings(body.GetProperty("completed_stages")));
        Assert.Equal(120, body.GetProperty("ticket_data").GetProperty("totalCapacity").GetInt32());
        Assert.Equal(0, await InteractionCountAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task Moving_forward_past_an_incomplete_stage_is_422_with_errors_per_missing_stage_and_applies_nothing()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });
        var before = await StoredAsync(tenant.OrganizationId, id);

        var response = await PatchAsync(tenant, new { sessionId = id, stage = "event", data = new { title = "Show" }, currentStage = "venue" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("stage_incomplete", await ProblemCodeAsync(response));
        var errors = (await JsonAsync(response)).GetProperty("errors");
        var keys = errors.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("eventSetup.type", keys);
        Assert.Contains("ticketSetup.tiers", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("organizerSetup.", StringComparison.Ordinal));
        Assert.Equal(before, await StoredAsync(tenant.OrganizationId, id));
        Assert.Equal(0, await InteractionCountAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task Moving_forward_with_the_data_that_completes_the_stage_before_is_allowed()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        var body = await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer, currentStage = "event" });

        Assert.Equal("eventSetup", body.GetProperty("current_stage").GetString());
        Assert.Equal(["system: Stage changed: organizerSetup -> eventSetup"], await InteractionTextsAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task Moving_back_is_always_allowed_even_with_incomplete_stages()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer, currentStage = "event" });
        await ExecuteAsOwnerAsync(
            "update wizard_sessions set organizer_data = '{}' where organization_id = @org and session_id = @id",
            new { org = tenant.OrganizationId, id });

        var body = await PatchOkAsync(tenant, new { sessionId = id, currentStage = "organizerSetup" });

        Assert.Equal("organizerSetup", body.GetProperty("current_stage").GetString());
        Assert.Equal(
            ["system: Stage changed: organizerSetup -> eventSetup", "system: Stage changed: eventSetup -> organizerSetup"],
            await InteractionTextsAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task Moving_to_review_needs_every_data_stage_and_payment_for_paid_tickets()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await CompleteDataStagesAsync(tenant, id, paid: true);
        var before = await StoredAsync(tenant.OrganizationId, id);

        var refused = await PatchAsync(tenant, new { sessionId = id, currentStage = "reviewPublish" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.True((await JsonAsync(refused)).GetProperty("errors").TryGetProperty("paymentSetup.enabled", out _));
        Assert.Equal(before, await StoredAsync(tenant.OrganizationId, id));

        var moved = await PatchOkAsync(tenant, new
        {
            sessionId = id, stage = "payment", data = new { enabled = true, accountId = "acct_1Test" }, currentStage = "reviewPublish",
        });
        Assert.Equal("reviewPublish", moved.GetProperty("current_stage").GetString());
        Assert.Equal(5, moved.GetProperty("completed_stages").GetArrayLength());
        Assert.Empty(moved.GetProperty("issues").EnumerateObject());
    }

    [Fact]
    public async Task Review_publish_takes_no_data()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        var before = await StoredAsync(tenant.OrganizationId, id);

        var response = await PatchAsync(tenant, new { sessionId = id, stage = "reviewPublish", data = new { x = 1 } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("stage_takes_no_data", await ProblemCodeAsync(response));
        Assert.Equal(before, await StoredAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task A_patch_without_data_or_current_stage_is_400()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        var response = await PatchAsync(tenant, new { sessionId = id, stage = "organizer" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", await ProblemCodeAsync(response));
    }

    [Fact]
    public async Task If_Match_with_the_current_version_saves_and_a_stale_one_is_412_with_the_current_row()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        var fresh = await PatchAsync(tenant, new { sessionId = id, stage = "organizer", data = new { name = "first" } }, ifMatch: "\"1\"");
        var stale = await PatchAsync(tenant, new { sessionId = id, stage = "organizer", data = new { name = "second" } }, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("version_mismatch", await ProblemCodeAsync(stale));
        var current = (await JsonAsync(stale)).GetProperty("current");
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        Assert.Equal("first", current.GetProperty("organizer_data").GetProperty("name").GetString());
        Assert.Equal("\"2\"", stale.Headers.ETag?.Tag);
    }

    [Theory]
    [InlineData("W/\"1\"", HttpStatusCode.OK)]
    [InlineData("\"7\", \"1\"", HttpStatusCode.OK)]
    [InlineData("*", HttpStatusCode.OK)]
    [InlineData("\"abc\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("\"99\"", HttpStatusCode.PreconditionFailed)]
    public async Task If_Match_reads_weak_tags_lists_and_star(string ifMatch, HttpStatusCode expected)
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        var response = await PatchAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer }, ifMatch);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Patching_an_unknown_session_is_404_and_an_abandoned_one_409()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await tenant.Http.DeleteAsync($"/api/wizard-session/{id}");

        var unknown = await PatchAsync(tenant, new { sessionId = NewId(), stage = "organizer", data = new StagePayloads().Organizer });
        var closed = await PatchAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });
        var closedMove = await PatchAsync(tenant, new { sessionId = id, currentStage = "reviewPublish" });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("session_not_found", await ProblemCodeAsync(unknown));
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        Assert.Equal("abandoned", (await JsonAsync(closed)).GetProperty("session_status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, closedMove.StatusCode);
    }

    [Fact]
    public async Task Every_autosave_moves_expiry_to_seven_days_from_now()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await ExecuteAsOwnerAsync("update wizard_sessions set expires_at = now() + interval '1 hour' where organization_id = @org and session_id = @id",
            new { org = tenant.OrganizationId, id });

        var body = await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });

        var expires = body.GetProperty("expires_at").GetDateTime();
        var updated = body.GetProperty("updated_at").GetDateTime();
        Assert.Equal(TimeSpan.FromDays(7), expires - updated);
    }
}
