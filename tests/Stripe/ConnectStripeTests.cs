using System.Net;
using System.Net.Http.Json;
using System.Text;
using EventWizard.Shared.Stripe;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Infrastructure.ResponseBody;

namespace EventWizard.Tests.Stripe;

/// <summary>POST /api/connect-stripe over real HTTP, against a fake Stripe. Tests of this class run one at a time (shared fake).</summary>
public sealed class ConnectStripeTests(StripeHostFixture fixture) : IClassFixture<StripeHostFixture>
{
    private const string ReturnUrl = "https://app.example.com/wizard/payment?done=1";
    private const string RefreshUrl = "https://app.example.com/wizard/payment?refresh=1";

    private FakeStripe Stripe => fixture.Stripe;

    [Fact]
    public async Task First_call_creates_the_organizations_account_and_stores_it_in_the_session()
    {
        var tenant = fixture.NewTenant();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var response = await ConnectAsync(tenant, sessionId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        var accountId = body.GetProperty("accountId").GetString()!;
        Assert.StartsWith("acct_", accountId, StringComparison.Ordinal);
        Assert.StartsWith("https://", body.GetProperty("onboardingUrl").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        Assert.Equal([accountId], await StripeAccountRows.AccountIdsAsync(tenant.OrganizationId));
        var session = await SessionRows.ReadAsync(tenant, sessionId);
        Assert.Equal(accountId, session.PaymentData.GetProperty("accountId").GetString());
        Assert.Equal(2, session.Version);
        var action = Assert.Single(await SessionRows.ActionsAsync(tenant.OrganizationId, sessionId));
        Assert.Equal(("connectStripe", "completed"), (action.Name, action.Status));
        Assert.StartsWith($"connect:{sessionId}:", action.IdempotencyKey, StringComparison.Ordinal);
        Assert.NotNull(action.ExecutionTimeMs);

        var sent = Stripe.RequestsOf(tenant.OrganizationId);
        var create = Assert.Single(sent, r => r.Path == "/v1/accounts");
        Assert.Equal(StripeAccounts.AccountIdempotencyKey(tenant.OrganizationId), create.IdempotencyKey);
        Assert.Equal("express", create.Form["type"]);
        Assert.Equal("Bearer sk_test_x", create.Authorization);
        var link = Assert.Single(sent, r => r.Path == "/v1/account_links");
        Assert.Equal($"{action.Id}:link", link.IdempotencyKey);
        Assert.Equal(accountId, link.Form["account"]);
        Assert.Equal("account_onboarding", link.Form["type"]);
        Assert.Equal(ReturnUrl, link.Form["return_url"]);
        Assert.Equal(RefreshUrl, link.Form["refresh_url"]);
    }

    [Fact]
    public async Task Second_call_reuses_the_account_and_returns_a_fresh_link()
    {
        var tenant = fixture.NewTenant();
        var sessionId = await SessionRows.InsertAsync(tenant);
        var otherSessionId = await SessionRows.InsertAsync(tenant);

        var first = await JsonAsync(await ConnectAsync(tenant, sessionId));
        var second = await JsonAsync(await ConnectAsync(tenant, sessionId));
        var otherSession = await JsonAsync(await ConnectAsync(tenant, otherSessionId));

        Assert.Equal(first.GetProperty("accountId").GetString(), second.GetProperty("accountId").GetString());
        Assert.Equal(first.GetProperty("accountId").GetString(), otherSession.GetProperty("accountId").GetString());
        Assert.NotEqual(first.GetProperty("onboardingUrl").GetString(), second.GetProperty("onboardingUrl").GetString());
        Assert.Single(Stripe.AccountsOf(tenant.OrganizationId));
        Assert.Single(Stripe.RequestsOf(tenant.OrganizationId), r => r.Path == "/v1/accounts");
        Assert.Equal(3, Stripe.RequestsOf(tenant.OrganizationId).Count(r => r.Path == "/v1/account_links"));
        // The account id did not change, so the second call leaves the version alone (no stale ETag in other tabs).
        Assert.Equal(2, (await SessionRows.ReadAsync(tenant, sessionId)).Version);
        Assert.All(await SessionRows.ActionsAsync(tenant.OrganizationId, sessionId), a => Assert.Equal("completed", a.Status));
    }

    [Fact]
    public async Task Stripe_500_then_200_creates_one_account_sending_the_same_idempotency_key_twice()
    {
        var tenant = fixture.NewTenant();
        var sessionId = await SessionRows.InsertAsync(tenant);
        Stripe.FailNext("POST /v1/accounts", 500);

        var response = await ConnectAsync(tenant, sessionId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var creates = Stripe.RequestsOf(tenant.OrganizationId).Where(r => r.Path == "/v1/accounts").ToList();
        Assert.Equal(2, creates.Count);
        Assert.Single(creates.Select(c => c.IdempotencyKey).Distinct());
        Assert.Single(Stripe.AccountsOf(tenant.OrganizationId));
        Assert.Single(await StripeAccountRows.AccountIdsAsync(tenant.OrganizationId));
    }

    [Fact]
    public async Task Stripe_429_on_the_link_is_retried_with_the_same_idempotency_key()
    {
        var tenant = fixture.NewTenant();
        var sessionId = await SessionRows.InsertAsync(tenant);
        await ConnectAsync(tenant, sessionId);
        Stripe.FailNext("POST /v1/account_links", 429, "Too many requests hit the API too quickly.");

        var response = await ConnectAsync(tenant, sessionId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var links = Stripe.RequestsOf(tenant.OrganizationId).Where(r => r.Path == "/v1/account_links").Skip(1).ToList();
        Assert.Equal(2, links.Count);
        Assert.Equal(links[0].IdempotencyKey, links[1].IdempotencyKey);
    }

    [Fact]
    public async Task Stripe_400_gives_502_stripe_error_with_stripes_message_recorded_as_a_failed_action()
    {
        var tenant = fixture.NewTenant();
        var sessionId = await SessionRows.InsertAsync(tenant);
        const string message = "Connect is not enabled on this platform: sign up at https://dashboard.stripe.com/connect.";
        Stripe.FailNext("POST /v1/accounts", 400, message);

        var response = await ConnectAsync(tenant, sessionId, key: "connect-key-400");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response);
        Assert.Equal("stripe_error", problem.GetProperty("code").GetString());
        Assert.Equal(message, problem.GetProperty("detail").GetString());
        Assert.Single(Stripe.RequestsOf(tenant.OrganizationId), r => r.Path == "/v1/accounts");
        var action = Assert.Single(await SessionRows.ActionsAsync(tenant.OrganizationId, sessionId));
        Assert.Equal(("failed", message, "connect-key-400"), (action.Status, action.ErrorMessage, action.IdempotencyKey));
        Assert.NotNull(action.ExecutionTimeMs);
        Assert.Empty(await StripeAccountRows.AccountIdsAsync(tenant.OrganizationId));
        Assert.False((await SessionRows.ReadAsync(tenant, sessionId)).PaymentData.TryGetProperty("accountId", out _));

        // A failed attempt does not use up the key.
        var retry = await ConnectAsync(tenant, sessionId, key: "connect-key-400");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
    }

    [Fact]
    public async Task Same_key_twice_replays_the_first_answer_without_calling_stripe_again()
    {
        var tenant = fixture.NewTenant();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var first = await ConnectAsync(tenant, sessionId, key: "onboard-once-123");
        var replay = await ConnectAsync(tenant, sessionId, key: "onboard-once-123");

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await JsonAsync(first)).GetRawText(), (await JsonAsync(replay)).GetRawText());
        Assert.Single(Stripe.RequestsOf(tenant.OrganizationId), r => r.Path == "/v1/account_links");
        Assert.Single(await SessionRows.ActionsAsync(tenant.OrganizationId, sessionId));
    }

    [Fact]
    public async Task Idempotency_key_header_wins_and_the_same_key_for_another_session_is_422()
    {
        var tenant = fixture.NewTenant();
        var sessionId = await SessionRows.InsertAsync(tenant);
        var otherSessionId = await SessionRows.InsertAsync(tenant);

        var first = await ConnectAsync(tenant, sessionId, key: "body-key-ignored", headerKey: "header-key-1");
        var reused = await ConnectAsync(tenant, otherSessionId, headerKey: "header-key-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("header-key-1", Assert.Single(await SessionRows.ActionsAsync(tenant.OrganizationId, sessionId)).IdempotencyKey);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("idempotency_key_reused", (await JsonAsync(reused)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Concurrent_first_calls_create_one_account()
    {
        var tenant = fixture.NewTenant();
        var sessions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SessionRows.InsertAsync(tenant)));

        var responses = await Task.WhenAll(sessions.Select(s => ConnectAsync(tenant, s)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var accountIds = await Task.WhenAll(responses.Select(async r => (await JsonAsync(r)).GetProperty("accountId").GetString()));
        var accountId = Assert.Single(accountIds.Distinct());
        Assert.Equal([accountId!], await StripeAccountRows.AccountIdsAsync(tenant.OrganizationId));
        Assert.Equal([accountId!], Stripe.AccountsOf(tenant.OrganizationId));
    }

    [Fact]
    public async Task Unknown_session_and_another_organizations_session_are_both_404()
    {
        var tenant = fixture.NewTenant();
        var stranger = fixture.NewTenant();
        var strangersSession = await SessionRows.InsertAsync(stranger);

        var unknown = await ConnectAsync(tenant, "no-such-session-123");
        var foreign = await ConnectAsync(tenant, strangersSession);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("session_not_found", (await JsonAsync(foreign)).GetProperty("code").GetString());
        Assert.Equal(
            (await JsonAsync(unknown)).GetProperty("detail").GetString()!.Replace("no-such-session-123", "x", StringComparison.Ordinal),
            (await JsonAsync(foreign)).GetProperty("detail").GetString()!.Replace(strangersSession, "x", StringComparison.Ordinal));
        Assert.Empty(Stripe.RequestsOf(tenant.OrganizationId));
        Assert.Empty(await SessionRows.ActionsAsync(stranger.OrganizationId, strangersSession));
    }

    [Theory]
    [InlineData("abandoned", false, "abandoned")]
    [InlineData("completed", false, "completed")]
    [InlineData("in_progress", true, "expired")]
    public async Task Closed_session_is_409_session_closed_with_its_status(string status, bool expired, string reported)
    {
        var tenant = fixture.NewTenant();
        var sessionId = await SessionRows.InsertAsync(tenant, status: status, expiresIn: expired ? TimeSpan.FromMinutes(-1) : null);

        var response = await ConnectAsync(tenant, sessionId);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await JsonAsync(response);
        Assert.Equal("session_closed", problem.GetProperty("code").GetString());
        Assert.Equal(reported, problem.GetProperty("session_status").GetString());
        Assert.Empty(Stripe.RequestsOf(tenant.OrganizationId));
    }

    [Theory]
    [InlineData("""{"sessionId":"SESSION","returnUrl":"http://app.example.com/r","refreshUrl":"https://app.example.com/f"}""", "returnUrl")]
    [InlineData("""{"sessionId":"SESSION","returnUrl":"https://app.example.com/r","refreshUrl":"not a url"}""", "refreshUrl")]
    [InlineData("""{"sessionId":"SESSION","returnUrl":"https://app.example.com/r","refreshUrl":"/relative"}""", "refreshUrl")]
    [InlineData("""{"sessionId":"SESSION","returnUrl":"javascript:alert(1)","refreshUrl":"https://app.example.com/f"}""", "returnUrl")]
    [InlineData("""{"sessionId":"SESSION","returnUrl":"https://app.example.com/r"}""", "refreshUrl")]
    [InlineData("""{"sessionId":"SESSION","returnUrl":42,"refreshUrl":"https://app.example.com/f"}""", "returnUrl")]
    [InlineData("""{"sessionId":"SESSION","returnUrl":"https://app.example.com/r","refreshUrl":"https://app.example.com/f","extra":1}""", "extra")]
    [InlineData("""{"sessionId":"SESSION","returnUrl":"https://app.example.com/r\u0000","refreshUrl":"https://app.example.com/f"}""", "returnUrl")]
    [InlineData("""{"sessionId":"bad id!","returnUrl":"https://app.example.com/r","refreshUrl":"https://app.example.com/f"}""", "sessionId")]
    [InlineData("""{"returnUrl":"https://app.example.com/r","refreshUrl":"https://app.example.com/f"}""", "sessionId")]
    [InlineData("""{"sessionId":"SESSION","returnUrl":"https://app.example.com/r","refreshUrl":"https://app.example.com/f","idempotencyKey":"short"}""", "idempotencyKey")]
    [InlineData("""{"sessionId":"SESSION","returnUrl":"https://app.example.com/r","refreshUrl":"https://app.example.com/f","idempotencyKey":7}""", "idempotencyKey")]
    public async Task Invalid_field_is_400_naming_the_field(string json, string field)
    {
        var tenant = fixture.NewTenant();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var response = await tenant.Http.PostAsync("/api/connect-stripe",
            new StringContent(json.Replace("SESSION", sessionId, StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Empty(Stripe.RequestsOf(tenant.OrganizationId));
        Assert.Empty(await SessionRows.ActionsAsync(tenant.OrganizationId, sessionId));
    }

    [Theory]
    [InlineData("{not json", "application/json", 400)]
    [InlineData("[1,2]", "application/json", 400)]
    [InlineData("", "application/json", 400)]
    [InlineData("""{"sessionId":"abcdefgh"}""", "text/plain", 415)]
    public async Task Malformed_body_is_a_4xx_problem(string body, string contentType, int status)
    {
        var tenant = fixture.NewTenant();

        var response = await tenant.Http.PostAsync("/api/connect-stripe", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Invalid_idempotency_key_header_is_400()
    {
        var tenant = fixture.NewTenant();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var response = await ConnectAsync(tenant, sessionId, headerKey: "tiny");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        using var anonymous = TestHost.ClientFor(fixture.Host.BaseAddress);

        var response = await anonymous.PostAsJsonAsync("/api/connect-stripe", new { sessionId = "abcdefgh" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_stripe_key_it_is_503_stripe_not_configured()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var response = await ConnectAsync(tenant, sessionId);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("stripe_not_configured", (await JsonAsync(response)).GetProperty("code").GetString());
        Assert.Empty(await SessionRows.ActionsAsync(tenant.OrganizationId, sessionId));
    }

    private static Task<HttpResponseMessage> ConnectAsync(TenantClient tenant, string sessionId, string? key = null, string? headerKey = null)
    {
        var body = new Dictionary<string, string> { ["sessionId"] = sessionId, ["returnUrl"] = ReturnUrl, ["refreshUrl"] = RefreshUrl };
        if (key is not null)
        {
            body["idempotencyKey"] = key;
        }
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/connect-stripe") { Content = JsonContent.Create(body) };
        if (headerKey is not null)
        {
            request.Headers.Add("Idempotency-Key", headerKey);
        }
        return tenant.Http.SendAsync(request);
    }
}
