using System.Net;
using System.Text.Json;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Interactions;

public sealed class InteractionTests
{
    private static async Task<(TenantClient Tenant, string Id)> SessionAsync()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        return (tenant, id);
    }

    [Fact]
    public async Task Post_stores_the_interaction_and_returns_the_row()
    {
        var (tenant, id) = await SessionAsync();

        var response = await tenant.Http.PostAsync($"/api/wizard-session/{id}/interactions", Json(new
        {
            role = "assistant", stage = "event", text = "What is the date?", tokensUsed = 120, model = "gpt-x", latencyMs = 850,
        }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var row = await JsonAsync(response);
        Assert.Equal(["id", "role", "stage", "text", "tokens_used", "model", "latency_ms", "csat_smallint", "created_at", "expires_at", "redacted_at"],
            row.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("assistant", row.GetProperty("role").GetString());
        Assert.Equal("eventSetup", row.GetProperty("stage").GetString());
        Assert.Equal(120, row.GetProperty("tokens_used").GetInt32());
        Assert.Equal(850, row.GetProperty("latency_ms").GetInt32());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("csat_smallint").ValueKind);
        Assert.Equal(1, await InteractionCountAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task A_csat_rating_is_an_interaction_and_works_on_a_closed_session()
    {
        var (tenant, id) = await SessionAsync();
        await tenant.Http.DeleteAsync($"/api/wizard-session/{id}");

        var response = await tenant.Http.PostAsync($"/api/wizard-session/{id}/interactions", Json(new { role = "user", csat = 5 }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(5, (await JsonAsync(response)).GetProperty("csat_smallint").GetInt32());
    }

    [Theory]
    [InlineData("""{}""", "role")]
    [InlineData("""{"role":"bot"}""", "role")]
    [InlineData("""{"role":1}""", "role")]
    [InlineData("""{"role":"user","csat":0}""", "csat")]
    [InlineData("""{"role":"user","csat":6}""", "csat")]
    [InlineData("""{"role":"user","csat":4.5}""", "csat")]
    [InlineData("""{"role":"user","csat":"5"}""", "csat")]
    [InlineData("""{"role":"user","tokensUsed":-1}""", "tokensUsed")]
    [InlineData("""{"role":"user","tokensUsed":3000000000}""", "tokensUsed")]
    [InlineData("""{"role":"user","latencyMs":-5}""", "latencyMs")]
    [InlineData("""{"role":"user","text":42}""", "text")]
    [InlineData("""{"role":"user","mood":"happy"}""", "mood")]
    public async Task Post_with_bad_fields_is_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        var (tenant, id) = await SessionAsync();

        var response = await tenant.Http.PostAsync($"/api/wizard-session/{id}/interactions", Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, await InteractionCountAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task Post_enforces_the_text_and_model_limits()
    {
        var (tenant, id) = await SessionAsync();
        var url = $"/api/wizard-session/{id}/interactions";

        var textAtLimit = await tenant.Http.PostAsync(url, Json(new { role = "user", text = new string('a', 32 * 1024) }));
        var textOver = await tenant.Http.PostAsync(url, Json(new { role = "user", text = new string('a', (32 * 1024) + 1) }));
        var textOverInBytes = await tenant.Http.PostAsync(url, Json(new { role = "user", text = new string('é', 16 * 1024 + 1) }));
        var modelAtLimit = await tenant.Http.PostAsync(url, Json(new { role = "user", model = new string('m', 100) }));
        var modelOver = await tenant.Http.PostAsync(url, Json(new { role = "user", model = new string('m', 101) }));
        var unknownStage = await tenant.Http.PostAsync(url, Json(new { role = "user", stage = "checkout" }));

        Assert.Equal(HttpStatusCode.Created, textAtLimit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, textOver.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, textOverInBytes.StatusCode);
        Assert.Equal(HttpStatusCode.Created, modelAtLimit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, modelOver.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownStage.StatusCode);
        Assert.Equal("unknown_stage", await ProblemCodeAsync(unknownStage));
        Assert.Equal(2, await InteractionCountAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task Get_pages_oldest_first_with_a_cursor()
    {
        var (tenant, id) = await SessionAsync();
        for (var i = 0; i < 5; i++)
        {
            var posted = await tenant.Http.PostAsync($"/api/wizard-session/{id}/interactions", Json(new { role = "user", text = $"m{i}" }));
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        var texts = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await JsonAsync(await tenant.Http.GetAsync(
                $"/api/wizard-session/{id}/interactions?limit=2" + (after is null ? "" : $"&after={after}")));
            texts.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()!));
            after = page.GetProperty("next").GetString();
            pages++;
        }
        while (after is not null && pages < 10);

        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], texts);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Get_of_a_session_without_interactions_is_an_empty_page()
    {
        var (tenant, id) = await SessionAsync();

        var page = await JsonAsync(await tenant.Http.GetAsync($"/api/wizard-session/{id}/interactions"));

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Redacted_interactions_read_as_REDACTED()
    {
        var (tenant, id) = await SessionAsync();
        await tenant.Http.PostAsync($"/api/wizard-session/{id}/interactions", Json(new { role = "user", text = "my phone is 555" }));
        await ExecuteAsOwnerAsync("update wizard_interactions set redacted_at = now() where organization_id = @org and session_id = @id",
            new { org = tenant.OrganizationId, id });

        var page = await JsonAsync(await tenant.Http.GetAsync($"/api/wizard-session/{id}/interactions"));

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("[REDACTED]", item.GetProperty("text").GetString());
        Assert.NotEqual(JsonValueKind.Null, item.GetProperty("redacted_at").ValueKind);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=501")]
    [InlineData("?limit=x")]
    [InlineData("?after=not-a-uuid")]
    [InlineData("?after=00000000-0000-4000-8000-000000000000")]
    public async Task Get_with_a_bad_cursor_or_limit_is_400(string query)
    {
        var (tenant, id) = await SessionAsync();

        var response = await tenant.Http.GetAsync($"/api/wizard-session/{id}/interactions{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Interactions_of_an_unknown_session_are_404()
    {
        var tenant = await TestHost.NewTenantAsync();

        var get = await tenant.Http.GetAsync($"/api/wizard-session/{NewId()}/interactions");
        var post = await tenant.Http.PostAsync($"/api/wizard-session/{NewId()}/interactions", Json(new { role = "user" }));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }
}
