using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventWizard.Shared.Stages;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Publish;

public sealed class PublishTests
{
    [Fact]
    public async Task Publish_of_a_complete_session_creates_the_event_and_closes_the_session_in_one_go()
    {
        var tenant = await TestHost.NewTenantAsync();
        var payloads = new StagePayloads().Paid("acct_1Runway");
        var sessionId = await SessionRows.InsertAsync(tenant, payloads);

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var evt = await ResponseBody.JsonAsync(response);
        var id = evt.GetProperty("id").GetGuid();
        Assert.Equal($"/api/events/{id}", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(tenant.OrganizationId, evt.GetProperty("organization_id").GetGuid());
        Assert.Equal(tenant.UserId, evt.GetProperty("user_id").GetGuid());
        Assert.Equal("Autumn Runway", evt.GetProperty("title").GetString());
        Assert.StartsWith("autumn-runway-", evt.GetProperty("slug").GetString(), StringComparison.Ordinal);
        Assert.Equal("fashion_show", evt.GetProperty("type").GetString());
        Assert.Equal("The autumn collection.", evt.GetProperty("description").GetString());
        Assert.Equal(payloads.Event["date"]!.GetValue<string>(), evt.GetProperty("event_date").GetString());
        Assert.Equal("18:30:00", evt.GetProperty("start_time").GetString());
        Assert.Equal("21:00:00", evt.GetProperty("end_time").GetString());
        Assert.Equal("America/New_York", evt.GetProperty("timezone").GetString());
        Assert.Equal("physical", evt.GetProperty("venue_mode").GetString());
        Assert.Equal("Hall 4", evt.GetProperty("venue_data").GetProperty("name").GetString());
        var tiers = evt.GetProperty("ticket_tiers");
        Assert.Equal("USD", tiers[0].GetProperty("currency").GetString());
        Assert.Equal(25.5m, tiers[0].GetProperty("price").GetDecimal());
        Assert.Equal("EUR", tiers[1].GetProperty("currency").GetString());
        Assert.Equal(120, evt.GetProperty("total_capacity").GetInt32());
        Assert.Equal("acct_1Runway", evt.GetProperty("stripe_account_id").GetString());
        Assert.True(evt.GetProperty("payment_enabled").GetBoolean());
        Assert.Equal("published", evt.GetProperty("status").GetString());
        Assert.EndsWith("Z", evt.GetProperty("published_at").GetString(), StringComparison.Ordinal);
        Assert.Equal(sessionId, evt.GetProperty("source_session_id").GetString());

        var session = await SessionRows.ReadAsync(tenant, sessionId);
        Assert.Equal("completed", session.Status);
        Assert.False(session.IsActive);
        Assert.Equal(id, session.EventId);
        Assert.Equal("reviewPublish", session.CurrentStage);
        Assert.Equal(2, session.Version);
        var action = Assert.Single(await SessionRows.ActionsAsync(tenant, sessionId));
        Assert.Equal("completed", action.Status);
        Assert.Equal($"publish:{sessionId}", action.IdempotencyKey);
        Assert.NotNull(action.ExecutionTimeMs);
        Assert.Equal(id, JsonDocument.Parse(action.Result!).RootElement.GetProperty("id").GetGuid());
        Assert.Equal([id], await SessionRows.EventIdsAsync(tenant.OrganizationId));
    }

    [Fact]
    public async Task Empty_optional_fields_publish_as_absent()
    {
        var tenant = await TestHost.NewTenantAsync();
        var payloads = new StagePayloads();
        payloads.Event["endTime"] = "";
        payloads.Event["timezone"] = "";
        payloads.Event["description"] = "";
        var sessionId = await SessionRows.InsertAsync(tenant, payloads);

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var evt = await ResponseBody.JsonAsync(response);
        Assert.Equal(JsonValueKind.Null, evt.GetProperty("end_time").ValueKind);
        Assert.Equal(JsonValueKind.Null, evt.GetProperty("description").ValueKind);
        Assert.Equal(StageValidator.DefaultTimezone, evt.GetProperty("timezone").GetString());
    }

    [Fact]
    public async Task Publish_same_key_twice_returns_same_event_marked_as_replayed()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var first = await SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = "click-0001" });
        var second = await SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = "click-0001" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Single(await SessionRows.EventIdsAsync(tenant.OrganizationId));
    }

    [Fact]
    public async Task Publish_with_another_key_after_publishing_returns_the_existing_event()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var first = await SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = "first-key" });
        var second = await SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = "second-key" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((await ResponseBody.JsonAsync(first)).GetProperty("id").GetGuid(),
            (await ResponseBody.JsonAsync(second)).GetProperty("id").GetGuid());
        Assert.Single(await SessionRows.EventIdsAsync(tenant.OrganizationId));
    }

    [Fact]
    public async Task Header_key_wins_over_the_body_key()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = "body-key-1" }, headerKey: "header-key-1");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("header-key-1", Assert.Single(await SessionRows.ActionsAsync(tenant, sessionId)).IdempotencyKey);
        var replay = await SessionRows.PublishAsync(tenant.Http, new { sessionId }, headerKey: "header-key-1");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Same_key_for_another_session_is_refused_as_reused()
    {
        var tenant = await TestHost.NewTenantAsync();
        var first = await SessionRows.InsertAsync(tenant);
        var second = await SessionRows.InsertAsync(tenant);
        await SessionRows.PublishAsync(tenant.Http, new { sessionId = first, idempotencyKey = "shared-key-1" });

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId = second, idempotencyKey = "shared-key-1" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("idempotency_key_reused", (await ResponseBody.JsonAsync(response)).GetProperty("code").GetString());
        Assert.Equal("in_progress", (await SessionRows.ReadAsync(tenant, second)).Status);
        Assert.Empty(await SessionRows.EventIdsAsync(tenant.OrganizationId, second));
    }

    [Fact]
    public async Task Keys_are_scoped_per_organization()
    {
        var one = await TestHost.NewTenantAsync();
        var two = await TestHost.NewTenantAsync();
        var sessionOne = await SessionRows.InsertAsync(one);
        var sessionTwo = await SessionRows.InsertAsync(two);

        var first = await SessionRows.PublishAsync(one.Http, new { sessionId = sessionOne }, headerKey: "same-key-everywhere");
        var second = await SessionRows.PublishAsync(two.Http, new { sessionId = sessionTwo }, headerKey: "same-key-everywhere");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
    }

    [Fact]
    public async Task Incomplete_session_is_422_with_errors_per_stage_field_and_recorded_as_a_failed_action()
    {
        var tenant = await TestHost.NewTenantAsync();
        var payloads = new StagePayloads();
        payloads.Event.Remove("date");
        payloads.Organizer["email"] = "not-an-email";
        var sessionId = await SessionRows.InsertAsync(tenant, payloads);

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId }, headerKey: "fix-then-retry");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ResponseBody.JsonAsync(response);
        Assert.Equal("session_incomplete", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("eventSetup.date", out _));
        Assert.True(errors.TryGetProperty("organizerSetup.email", out _));
        var failed = Assert.Single(await SessionRows.ActionsAsync(tenant, sessionId));
        Assert.Equal("failed", failed.Status);
        Assert.Equal("fix-then-retry", failed.IdempotencyKey);
        Assert.Contains("eventSetup.date", failed.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await SessionRows.EventIdsAsync(tenant.OrganizationId));
        Assert.Equal("in_progress", (await SessionRows.ReadAsync(tenant, sessionId)).Status);
    }

    [Fact]
    public async Task Validation_failure_then_fix_then_retry_with_the_same_key_publishes()
    {
        var tenant = await TestHost.NewTenantAsync();
        var payloads = new StagePayloads();
        payloads.Event.Remove("date");
        var sessionId = await SessionRows.InsertAsync(tenant, payloads);
        var refused = await SessionRows.PublishAsync(tenant.Http, new { sessionId }, headerKey: "fix-then-retry");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        await SessionRows.SetPayloadAsync(tenant, sessionId, WizardStages.Event, new StagePayloads().Event);
        var retried = await SessionRows.PublishAsync(tenant.Http, new { sessionId }, headerKey: "fix-then-retry");

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var actions = await SessionRows.ActionsAsync(tenant, sessionId);
        Assert.Equal(["failed", "completed"], actions.Select(a => a.Status));
        Assert.All(actions, a => Assert.Equal("fix-then-retry", a.IdempotencyKey));
    }

    [Fact]
    public async Task Paid_tier_without_payment_is_incomplete_on_the_payment_stage()
    {
        var tenant = await TestHost.NewTenantAsync();
        var payloads = new StagePayloads();
        payloads.Ticket["tiers"]![0]!["price"] = 10;
        var sessionId = await SessionRows.InsertAsync(tenant, payloads);

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await ResponseBody.JsonAsync(response)).GetProperty("errors");
        Assert.Equal(["paymentSetup.enabled"], errors.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task A_title_longer_than_the_column_is_incomplete_not_a_server_error()
    {
        var tenant = await TestHost.NewTenantAsync();
        var payloads = new StagePayloads();
        payloads.Event["title"] = string.Concat(Enumerable.Repeat("e\u0301", 200));
        var sessionId = await SessionRows.InsertAsync(tenant, payloads);

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await ResponseBody.JsonAsync(response)).GetProperty("errors").TryGetProperty("eventSetup.title", out _));
    }

    [Fact]
    public async Task Virtual_event_maps_its_venue_and_default_timezone()
    {
        var tenant = await TestHost.NewTenantAsync();
        var payloads = new StagePayloads();
        payloads.Venue.Clear();
        payloads.Venue["mode"] = "virtual";
        payloads.Venue["url"] = "https://stream.example/runway";
        payloads.Event["timezone"] = "Europe/Paris";
        payloads.Event.Remove("endTime");
        var sessionId = await SessionRows.InsertAsync(tenant, payloads);

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var evt = await ResponseBody.JsonAsync(response);
        Assert.Equal("virtual", evt.GetProperty("venue_mode").GetString());
        Assert.Equal("https://stream.example/runway", evt.GetProperty("venue_data").GetProperty("url").GetString());
        Assert.Equal("Europe/Paris", evt.GetProperty("timezone").GetString());
        Assert.Equal(JsonValueKind.Null, evt.GetProperty("end_time").ValueKind);
        Assert.Equal(JsonValueKind.Null, evt.GetProperty("stripe_account_id").ValueKind);
        Assert.False(evt.GetProperty("payment_enabled").GetBoolean());
    }

    [Fact]
    public async Task Expired_session_is_409_closed_even_before_cleanup_marks_it()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant, expiresIn: TimeSpan.FromMinutes(-1));

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ResponseBody.JsonAsync(response);
        Assert.Equal("session_closed", problem.GetProperty("code").GetString());
        Assert.Equal("expired", problem.GetProperty("session_status").GetString());
        Assert.Empty(await SessionRows.EventIdsAsync(tenant.OrganizationId));
        Assert.Empty(await SessionRows.ActionsAsync(tenant, sessionId));
    }

    [Fact]
    public async Task Abandoned_session_is_409_closed()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant, status: "abandoned");

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ResponseBody.JsonAsync(response);
        Assert.Equal("session_closed", problem.GetProperty("code").GetString());
        Assert.Equal("abandoned", problem.GetProperty("session_status").GetString());
        Assert.Empty(await SessionRows.EventIdsAsync(tenant.OrganizationId));
    }

    [Fact]
    public async Task Another_organizations_session_is_404_like_an_unknown_one_and_stays_untouched()
    {
        var owner = await TestHost.NewTenantAsync();
        var stranger = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(owner);

        var foreign = await SessionRows.PublishAsync(stranger.Http, new { sessionId });
        var unknown = await SessionRows.PublishAsync(stranger.Http, new { sessionId = SessionRows.NewSessionId() });

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var foreignProblem = await ResponseBody.JsonAsync(foreign);
        Assert.Equal("session_not_found", foreignProblem.GetProperty("code").GetString());
        Assert.Equal(foreignProblem.GetProperty("detail").GetString(), (await ResponseBody.JsonAsync(unknown)).GetProperty("detail").GetString());
        Assert.Equal("in_progress", (await SessionRows.ReadAsync(owner, sessionId)).Status);
        Assert.Empty(await SessionRows.ActionsAsync(owner, sessionId));
        Assert.Empty(await SessionRows.EventIdsAsync(stranger.OrganizationId));
    }

    [Fact]
    public async Task Same_session_id_in_two_organizations_publishes_two_separate_events()
    {
        var one = await TestHost.NewTenantAsync();
        var two = await TestHost.NewTenantAsync();
        var sessionId = SessionRows.NewSessionId();
        await SessionRows.InsertAsync(one, sessionId: sessionId);
        await SessionRows.InsertAsync(two, sessionId: sessionId);

        var first = await SessionRows.PublishAsync(one.Http, new { sessionId });
        var second = await SessionRows.PublishAsync(two.Http, new { sessionId });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(one.OrganizationId, (await ResponseBody.JsonAsync(first)).GetProperty("organization_id").GetGuid());
        Assert.Equal(two.OrganizationId, (await ResponseBody.JsonAsync(second)).GetProperty("organization_id").GetGuid());
    }

    [Fact]
    public async Task An_event_already_holding_the_sessions_unique_key_is_returned_not_a_server_error()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);
        Guid existing;
        await using (var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync())
        {
            existing = await Dapper.SqlMapper.ExecuteScalarAsync<Guid>(conn, """
                insert into events (organization_id, user_id, source_session_id, title, type, event_date, start_time, status, published_at)
                values (@OrganizationId, @UserId, @SessionId, 'Published elsewhere', 'popup', current_date + 5, '10:00', 'published', now())
                returning id
                """, new { tenant.OrganizationId, tenant.UserId, SessionId = sessionId });
        }

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(existing, (await ResponseBody.JsonAsync(response)).GetProperty("id").GetGuid());
        Assert.Equal([existing], await SessionRows.EventIdsAsync(tenant.OrganizationId));
        Assert.DoesNotContain(await SessionRows.ActionsAsync(tenant, sessionId), a => a.Status is "in_progress" or "completed");
    }

    [Fact]
    public async Task Publish_without_a_token_is_401()
    {
        var anonymous = await TestHost.AnonymousClientAsync();

        var response = await SessionRows.PublishAsync(anonymous, new { sessionId = SessionRows.NewSessionId() });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_colleague_who_publishes_is_recorded_as_publisher_while_the_creator_stays_the_user()
    {
        var creator = await TestHost.NewTenantAsync();
        var colleague = new TenantClient(creator.OrganizationId, Guid.NewGuid(), await TestHost.AnonymousClientAsync());
        colleague.Http.DefaultRequestHeaders.Authorization = new("Bearer", colleague.Token);
        var sessionId = await SessionRows.InsertAsync(creator);

        var response = await SessionRows.PublishAsync(colleague.Http, new { sessionId });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var evt = await ResponseBody.JsonAsync(response);
        Assert.Equal(creator.UserId, evt.GetProperty("user_id").GetGuid());
        Assert.Equal(colleague.UserId, evt.GetProperty("published_by").GetGuid());
        var action = Assert.Single((await ResponseBody.JsonAsync(
            await creator.Http.GetAsync($"/api/wizard-session/{sessionId}/actions"))).GetProperty("items").EnumerateArray());
        Assert.Equal(colleague.UserId, action.GetProperty("user_id").GetGuid());
    }

    [Fact]
    public async Task A_client_key_that_looks_like_the_servers_default_cannot_take_another_sessions_publish()
    {
        var tenant = await TestHost.NewTenantAsync();
        var first = await SessionRows.InsertAsync(tenant);
        var second = await SessionRows.InsertAsync(tenant);

        var squatting = await SessionRows.PublishAsync(tenant.Http, new { sessionId = first, idempotencyKey = $"publish:{second}" });
        var keyless = await SessionRows.PublishAsync(tenant.Http, new { sessionId = second });

        Assert.Equal(HttpStatusCode.Created, squatting.StatusCode);
        Assert.Equal(HttpStatusCode.Created, keyless.StatusCode);
        Assert.Single(await SessionRows.EventIdsAsync(tenant.OrganizationId, second));
    }
}
