using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventWizard.Shared.Stages;
using EventWizard.Tests.Contract;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Copilot.CopilotApi;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Copilot;

/// <summary>POST /api/wizard-session/{sessionId}/copilot over real HTTP, against a fake OpenAI-compatible model.</summary>
public sealed class CopilotTests(CopilotHostFixture fixture) : IClassFixture<CopilotHostFixture>
{
    private FakeChatModel Model => fixture.Model;

    private async Task<(TenantClient Tenant, string SessionId)> SessionAsync()
    {
        var tenant = fixture.NewTenant();
        var id = NewId();
        await CreateAsync(tenant, id);
        return (tenant, id);
    }

    [Fact]
    public async Task A_plain_reply_returns_the_text_and_the_usage_the_model_reported_and_records_both_turns()
    {
        var (tenant, id) = await SessionAsync();
        var message = $"Help me start {Marker()}";
        Model.Plan(message, new FakeAnswer("Sure. Who organizes the event?", PromptTokens: 321, CompletionTokens: 45));

        var response = await AskAsync(tenant, id, new { message });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("Sure. Who organizes the event?", body.GetProperty("reply").GetString());
        Assert.Empty(body.GetProperty("proposals").EnumerateArray());
        var usage = body.GetProperty("usage");
        Assert.Equal(FakeChatModel.Model, usage.GetProperty("model").GetString());
        Assert.Equal((321, 45), (usage.GetProperty("promptTokens").GetInt32(), usage.GetProperty("completionTokens").GetInt32()));
        var latency = usage.GetProperty("latencyMs").GetInt32();
        Assert.InRange(latency, 0, 10_000);

        var turns = (await JsonAsync(await tenant.Http.GetAsync($"/api/wizard-session/{id}/interactions"))).GetProperty("items");
        Assert.Equal(2, turns.GetArrayLength());
        var (user, assistant) = (turns[0], turns[1]);
        Assert.Equal(("user", message, "organizerSetup"), (user.GetProperty("role").GetString(), user.GetProperty("text").GetString(),
            user.GetProperty("stage").GetString()));
        Assert.Equal(JsonValueKind.Null, user.GetProperty("tokens_used").ValueKind);
        Assert.Equal(("assistant", "Sure. Who organizes the event?", 366, FakeChatModel.Model, latency),
            (assistant.GetProperty("role").GetString(), assistant.GetProperty("text").GetString(), assistant.GetProperty("tokens_used").GetInt32(),
                assistant.GetProperty("model").GetString(), assistant.GetProperty("latency_ms").GetInt32()));
        Assert.Equal(366, await SpendAsync(tenant.OrganizationId));
    }

    [Fact]
    public async Task The_model_gets_the_stage_prompt_the_session_data_and_one_save_tool_per_data_stage_with_its_schema()
    {
        var (tenant, id) = await SessionAsync();
        var organizer = Marker();
        await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new { name = organizer } });
        var message = $"What next {Marker()}";

        Assert.Equal(HttpStatusCode.OK, (await AskAsync(tenant, id, new { message, stage = "event" })).StatusCode);

        var request = Assert.Single(Model.RequestsFor(message));
        Assert.Equal($"Bearer {CopilotHostFixture.ApiKey}", request.Authorization);
        Assert.Equal(FakeChatModel.Model, request.Body.GetProperty("model").GetString());
        Assert.True(request.Body.GetProperty("stream").GetBoolean());
        Assert.Equal(message, request.UserMessage);
        Assert.Contains("The organizer is on stage eventSetup", request.SystemPrompt, StringComparison.Ordinal);
        Assert.Contains($"\"organizerSetup\":{{\"name\":\"{organizer}\"}}", request.SystemPrompt, StringComparison.Ordinal);
        Assert.Contains("organizerSetup.email: ", request.SystemPrompt, StringComparison.Ordinal);
        Assert.Equal(StageDefinitions.All.Select(stage => "save_" + stage.Name),
            request.Tools.Select(tool => tool.GetProperty("function").GetProperty("name").GetString()));
        foreach (var (tool, stage) in request.Tools.Zip(StageDefinitions.All))
        {
            Assert.Equal("function", tool.GetProperty("type").GetString());
            Assert.True(JsonNode.DeepEquals(StageSchemas.For(stage), JsonNode.Parse(tool.GetProperty("function").GetProperty("parameters").GetRawText())),
                $"save_{stage.Name}'s parameters are not the stage schema: {tool.GetProperty("function").GetProperty("parameters").GetRawText()}");
        }
    }

    [Fact]
    public async Task A_tool_call_with_valid_event_data_is_a_proposal_without_issues_and_the_session_is_unchanged()
    {
        var (tenant, id) = await SessionAsync();
        var message = $"Fill in my runway show {Marker()}";
        var eventData = new StagePayloads().Event;
        Model.Plan(message, new FakeAnswer("Here is a proposal.", [("save_eventSetup", eventData.ToJsonString())]));
        var before = await StoredAsync(tenant.OrganizationId, id);

        var response = await AskAsync(tenant, id, new { message, stage = "eventSetup" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var proposal = Assert.Single((await JsonAsync(response)).GetProperty("proposals").EnumerateArray());
        Assert.Equal("eventSetup", proposal.GetProperty("stage").GetString());
        Assert.True(JsonNode.DeepEquals(eventData, JsonNode.Parse(proposal.GetProperty("data").GetRawText())));
        Assert.Empty(proposal.GetProperty("issues").EnumerateArray());
        Assert.Equal(before, await StoredAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task A_tool_call_with_invalid_data_is_a_proposal_with_the_stage_issues()
    {
        var (tenant, id) = await SessionAsync();
        var message = $"Set the date {Marker()}";
        Model.Plan(message, new FakeAnswer("", [("save_eventSetup", """{"title":"Show","date":"2001-01-01","startTime":"25:00","colour":"red"}""")]));

        var response = await AskAsync(tenant, id, new { message });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("", body.GetProperty("reply").GetString());
        var proposal = Assert.Single(body.GetProperty("proposals").EnumerateArray());
        var fields = proposal.GetProperty("issues").EnumerateArray().Select(issue => issue.GetProperty("field").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "date", "startTime", "colour" }, fields);
        Assert.Equal("{}", JsonDocument.Parse((await StoredAsync(tenant.OrganizationId, id))!).RootElement.GetProperty("event_data").GetRawText());
    }

    [Fact]
    public async Task Tool_calls_that_are_not_a_stage_object_are_dropped_and_counted_without_their_text_in_the_log()
    {
        var (tenant, id) = await SessionAsync();
        var marker = Marker();
        var message = $"Propose things {marker}";
        Model.Plan(message, new FakeAnswer("Done.",
        [
            ("save_nonsense", $$"""{"secret":"{{marker}}"}"""),
            ("save_eventSetup", $"""["{marker}"]"""),
            ("delete_session", "{}"),
            ("save_organizerSetup", """{"name":"Atelier Nord","email":"hello@atelier-nord.example"}"""),
        ]));

        var response = await AskAsync(tenant, id, new { message });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var proposal = Assert.Single((await JsonAsync(response)).GetProperty("proposals").EnumerateArray());
        Assert.Equal("organizerSetup", proposal.GetProperty("stage").GetString());
        var dropped = fixture.Logs.Entries.Where(entry => entry.Message.StartsWith("Dropped 3 copilot tool calls", StringComparison.Ordinal));
        Assert.NotEmpty(dropped);
        Assert.DoesNotContain(fixture.Logs.Entries, entry => entry.Message.Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_streamed_reply_sends_deltas_then_done_carrying_the_body_a_plain_request_gets()
    {
        var (tenant, id) = await SessionAsync();
        var message = $"Stream it {Marker()}";
        var answer = new FakeAnswer("Your show needs a title, a date and a start time. Shall I propose them?",
            [("save_organizerSetup", """{"name":"Atelier Nord"}""")], PromptTokens: 900, CompletionTokens: 60);
        Model.Plan(message, answer);
        Model.Plan(message, answer);

        var plain = await JsonAsync(await AskAsync(tenant, id, new { message }));
        var streamed = await AskStreamedAsync(tenant, id, new { message });

        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType?.MediaType);
        var events = ServerSentEvents.Parse(await streamed.Content.ReadAsStringAsync());
        Assert.True(events.Count >= 3, $"expected several deltas and a done event, got {events.Count}");
        Assert.All(events.SkipLast(1), e => Assert.Equal("delta", e.Name));
        Assert.Equal(answer.Text, string.Concat(events.SkipLast(1).Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("text").GetString())));
        Assert.Equal("done", events[^1].Name);
        var done = JsonNode.Parse(events[^1].Data)!;
        var expected = JsonNode.Parse(plain.GetRawText())!;
        done["usage"]!.AsObject().Remove("latencyMs");
        expected["usage"]!.AsObject().Remove("latencyMs");
        Assert.True(JsonNode.DeepEquals(expected, done), $"streamed {done.ToJsonString()} vs plain {expected.ToJsonString()}");
        Assert.Equal(4, await InteractionCountAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task A_model_that_does_not_answer_in_time_gives_502_keeps_the_user_turn_and_charges_nothing()
    {
        var (tenant, id) = await SessionAsync();
        var message = $"Are you there {Marker()}";
        for (var i = 0; i < 3; i++)
        {
            Model.Plan(message, FakeAnswer.Silent);
        }

        var response = await AskAsync(tenant, id, new { message });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("copilot_unavailable", await ProblemCodeAsync(response));
        Assert.Equal([$"user: {message}"], await InteractionTextsAsync(tenant.OrganizationId, id));
        Assert.Equal(0, await SpendAsync(tenant.OrganizationId));
    }

    [Fact]
    public async Task A_model_failing_with_500_is_tried_three_times_then_502()
    {
        var (tenant, id) = await SessionAsync();
        var message = $"Fail please {Marker()}";
        for (var i = 0; i < 3; i++)
        {
            Model.Plan(message, FakeAnswer.Failing(500));
        }

        var response = await AskAsync(tenant, id, new { message });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("copilot_unavailable", await ProblemCodeAsync(response));
        Assert.Equal(3, Model.RequestsFor(message).Count);
        Assert.Equal([$"user: {message}"], await InteractionTextsAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task A_429_from_the_model_is_retried_and_the_turn_succeeds()
    {
        var (tenant, id) = await SessionAsync();
        var message = $"Busy model {Marker()}";
        Model.Plan(message, FakeAnswer.Failing(429));

        var response = await AskAsync(tenant, id, new { message });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FakeChatModel.DefaultReply, (await JsonAsync(response)).GetProperty("reply").GetString());
        Assert.Equal(2, Model.RequestsFor(message).Count);
    }

    [Fact]
    public async Task A_model_that_keeps_answering_429_gives_502()
    {
        var (tenant, id) = await SessionAsync();
        var message = $"Rate limited {Marker()}";
        for (var i = 0; i < 3; i++)
        {
            Model.Plan(message, FakeAnswer.Failing(429));
        }

        var response = await AskAsync(tenant, id, new { message });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(3, Model.RequestsFor(message).Count);
    }

    [Fact]
    public async Task Another_organizations_session_is_not_found_and_the_model_is_not_called()
    {
        var (_, id) = await SessionAsync();
        var other = fixture.NewTenant();
        var message = $"Let me in {Marker()}";

        var response = await AskAsync(other, id, new { message });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("session_not_found", await ProblemCodeAsync(response));
        Assert.Empty(Model.RequestsFor(message));
    }

    [Fact]
    public async Task A_closed_session_is_refused_with_409()
    {
        var (tenant, id) = await SessionAsync();
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.DeleteAsync($"/api/wizard-session/{id}")).StatusCode);
        var message = $"Too late {Marker()}";

        var response = await AskAsync(tenant, id, new { message });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("session_closed", await ProblemCodeAsync(response));
        Assert.Equal(0, await InteractionCountAsync(tenant.OrganizationId, id));
        Assert.Empty(Model.RequestsFor(message));
    }

    [Fact]
    public async Task Without_copilot_settings_the_route_answers_503_copilot_not_configured()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        var response = await AskAsync(tenant, id, new { message = "Hello" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("copilot_not_configured", await ProblemCodeAsync(response));
        Assert.Equal(0, await InteractionCountAsync(tenant.OrganizationId, id));
    }

    [Theory]
    [InlineData("""{"message":""}""", "message")]
    [InlineData("""{"message":"  \t "}""", "message")]
    [InlineData("""{"message":5}""", "message")]
    [InlineData("""{"message":["hi"]}""", "message")]
    [InlineData("""{"message":"a\u0000b"}""", "message")]
    [InlineData("""{}""", "message")]
    [InlineData("""{"message":"hi","stage":7}""", "stage")]
    [InlineData("""{"message":"hi","model":"gpt-5"}""", "model")]
    [InlineData("""{"message":"hi","message":"again"}""", "message")]
    public async Task A_bad_body_is_a_400_problem_naming_the_field(string body, string field)
    {
        var (tenant, id) = await SessionAsync();

        var response = await tenant.Http.PostAsync($"/api/wizard-session/{id}/copilot", Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", await ProblemCodeAsync(response));
        Assert.Contains((await JsonAsync(response)).GetProperty("issues").EnumerateArray(), issue => issue.GetProperty("field").GetString() == field);
        Assert.Equal(0, await InteractionCountAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task A_message_over_4000_characters_or_an_unknown_stage_is_refused()
    {
        var (tenant, id) = await SessionAsync();

        var tooLong = await AskAsync(tenant, id, new { message = new string('a', 4_001) });
        var unknownStage = await AskAsync(tenant, id, new { message = "hi", stage = "checkout" });
        var longest = await AskAsync(tenant, id, new { message = new string('a', 4_000) });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("too_long", (await JsonAsync(tooLong)).GetProperty("issues")[0].GetProperty("code").GetString());
        Assert.Equal("unknown_stage", await ProblemCodeAsync(unknownStage));
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    internal static async Task<long> SpendAsync(Guid organizationId)
    {
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn,
            "select coalesce(sum(tokens_used), 0) from copilot_token_spend where organization_id = @organizationId", new { organizationId });
    }
}
