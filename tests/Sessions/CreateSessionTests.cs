using System.Net;
using System.Text.RegularExpressions;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Sessions;

public sealed class CreateSessionTests
{
    [Fact]
    public async Task Create_without_an_id_makes_a_new_session_with_a_generated_id()
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.PostAsync("/api/wizard-session", Raw(""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        var id = body.GetProperty("session_id").GetString()!;
        Assert.Matches("^[A-Za-z0-9_-]{8,128}$", id);
        Assert.Equal(id.ToLowerInvariant(), id);
        Assert.Equal(7, Guid.Parse(id).Version); // time-ordered, as sql/011's ids
        Assert.Equal(tenant.OrganizationId, body.GetProperty("organization_id").GetGuid());
        Assert.Equal(tenant.UserId, body.GetProperty("user_id").GetGuid());
        Assert.Equal("organizerSetup", body.GetProperty("current_stage").GetString());
        Assert.Empty(Strings(body.GetProperty("completed_stages")));
        Assert.True(body.GetProperty("is_active").GetBoolean());
        Assert.Equal("in_progress", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal($"/api/wizard-session/{id}", response.Headers.Location?.OriginalString);
        Assert.NotNull(await StoredAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task Create_shows_the_row_as_the_contract_does_with_issues_per_data_stage()
    {
        var tenant = await TestHost.NewTenantAsync();

        var body = await CreateAsync(tenant, NewId());

        string[] expected = ["session_id", "organization_id", "user_id", "current_stage", "completed_stages", "is_active", "status",
            "organizer_data", "event_data", "ticket_data", "venue_data", "payment_data", "event_id", "version", "issues",
            "created_at", "updated_at", "expires_at"];
        Assert.Equal(expected, body.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["organizerSetup", "eventSetup", "ticketSetup", "venueSetup", "paymentSetup"],
            body.GetProperty("issues").EnumerateObject().Select(p => p.Name).ToArray());
        var firstIssue = body.GetProperty("issues").GetProperty("organizerSetup")[0];
        Assert.Equal("name", firstIssue.GetProperty("field").GetString());
        Assert.Equal("required", firstIssue.GetProperty("code").GetString());
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"), body.GetProperty("expires_at").GetString()!);
        var created = body.GetProperty("created_at").GetDateTime();
        var expires = body.GetProperty("expires_at").GetDateTime();
        Assert.Equal(TimeSpan.FromDays(7), expires - created);
    }

    [Fact]
    public async Task Create_with_a_new_id_makes_it_and_again_resumes_it()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();

        var first = await tenant.Http.PostAsync("/api/wizard-session", Json(new { sessionId = id }));
        await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });
        var again = await tenant.Http.PostAsync("/api/wizard-session", Json(new { sessionId = id }));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var resumed = await JsonAsync(again);
        Assert.Equal(id, resumed.GetProperty("session_id").GetString());
        Assert.Equal(2, resumed.GetProperty("version").GetInt32());
        Assert.Equal("Atelier Nord", resumed.GetProperty("organizer_data").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("abandoned")]
    [InlineData("completed")]
    [InlineData("expired")]
    public async Task Create_with_the_id_of_a_closed_session_is_409_with_its_status(string status)
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await ExecuteAsOwnerAsync("update wizard_sessions set status = @status, is_active = false where organization_id = @org and session_id = @id",
            new { status, org = tenant.OrganizationId, id });
        var before = await StoredAsync(tenant.OrganizationId, id);

        var response = await tenant.Http.PostAsync("/api/wizard-session", Json(new { sessionId = id }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("session_closed", await ProblemCodeAsync(response));
        Assert.Equal(status, (await JsonAsync(response)).GetProperty("session_status").GetString());
        Assert.Equal(before, await StoredAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_id_make_one_session_and_the_losers_get_200()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12)
            .Select(_ => tenant.Http.PostAsync("/api/wizard-session", Json(new { sessionId = id }))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(11, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var response in responses)
        {
            var body = await JsonAsync(response);
            Assert.Equal(id, body.GetProperty("session_id").GetString());
            Assert.Equal(1, body.GetProperty("version").GetInt32());
        }
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();
        Assert.Equal(1L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn,
            "select count(*) from wizard_sessions where organization_id = @org", new { org = tenant.OrganizationId }));
    }

    [Fact]
    public async Task Create_accepts_an_empty_object_and_a_null_session_id()
    {
        var tenant = await TestHost.NewTenantAsync();

        var empty = await tenant.Http.PostAsync("/api/wizard-session", Raw("{}"));
        var nullId = await tenant.Http.PostAsync("/api/wizard-session", Raw("""{"sessionId":null}"""));

        Assert.Equal(HttpStatusCode.Created, empty.StatusCode);
        Assert.Equal(HttpStatusCode.Created, nullId.StatusCode);
    }

    [Fact]
    public async Task Create_needs_a_token()
    {
        var anonymous = await TestHost.AnonymousClientAsync();

        var response = await anonymous.PostAsync("/api/wizard-session", Raw("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
