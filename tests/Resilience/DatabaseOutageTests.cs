using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EventWizard.DevHost;
using EventWizard.LocalPostgres;
using EventWizard.Tests.Infrastructure;
using EventWizard.Tests.Stripe;

namespace EventWizard.Tests.Resilience;

/// <summary>PostgreSQL going away and coming back, on a throw-away cluster of this test's own.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task Requests_fail_fast_with_503_while_postgres_is_stopped_and_work_again_once_it_is_back()
    {
        await using var cluster = await LocalPostgresCluster.StartTemporaryAsync(CancellationToken.None);
        await using var stripe = await FakeStripe.StartAsync();
        var settings = TestHost.Settings(cluster.RuntimeConnectionString(), cluster.OwnerConnectionString());
        foreach (var (key, value) in StripeHostFixture.StripeSettings(stripe.BaseAddress))
        {
            settings[key] = value;
        }
        await using var host = await DevHostApp.StartAsync([], settings, CancellationToken.None);
        var http = TestHost.ClientFor(host.BaseAddress);
        http.Timeout = TimeSpan.FromSeconds(20); // A hang would fail the test here rather than pass it.
        var tenant = new TenantClient(Guid.NewGuid(), Guid.NewGuid(), http);
        tenant.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Token);
        var sessionId = "outage-" + Guid.NewGuid().ToString("N")[..12];
        await using (var owner = new Npgsql.NpgsqlConnection(cluster.OwnerConnectionString()))
        {
            await owner.OpenAsync();
            await using var insert = new Npgsql.NpgsqlCommand(
                "insert into wizard_sessions (organization_id, session_id, user_id) values (@org, @session, @user)", owner);
            insert.Parameters.AddWithValue("org", tenant.OrganizationId);
            insert.Parameters.AddWithValue("session", sessionId);
            insert.Parameters.AddWithValue("user", tenant.UserId);
            await insert.ExecuteNonQueryAsync();
        }
        Assert.Equal(HttpStatusCode.OK, (await ConnectAsync(tenant, sessionId)).StatusCode);

        await cluster.StopAsync();
        var down = await ConnectAsync(tenant, sessionId);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        Assert.Equal("database_unavailable", (await ResponseBody.JsonAsync(down)).GetProperty("code").GetString());
        Assert.True(down.Headers.Contains("Retry-After"));

        await cluster.StartAgainAsync(CancellationToken.None);
        var back = await ConnectAsync(tenant, sessionId);

        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    private static Task<HttpResponseMessage> ConnectAsync(TenantClient tenant, string sessionId) =>
        tenant.Http.PostAsJsonAsync("/api/connect-stripe", new
        {
            sessionId,
            returnUrl = "https://app.example.com/return",
            refreshUrl = "https://app.example.com/refresh",
        });
}
