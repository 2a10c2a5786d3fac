using System.Net;
using System.Text.RegularExpressions;
using EventWizard.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace EventWizard.Tests.Http;

/// <summary>X-Request-Id on every response, traceId in every problem, and the id in the log scope of the request.</summary>
public sealed partial class RequestIdTests(LoggedHostFixture logged) : IClassFixture<LoggedHostFixture>
{
    [Theory]
    [InlineData("GET", "/api/health")]
    [InlineData("GET", "/api/wizard-session")]
    [InlineData("PUT", "/api/wizard-session")]
    [InlineData("GET", "/api/nothing-here")]
    public async Task Without_an_id_of_its_own_the_client_gets_the_W3C_trace_id_and_the_problem_names_it(string method, string path)
    {
        var client = await TestHost.AnonymousClientAsync();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var id = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Matches(TraceId(), id);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Equal(id, (await ResponseBody.JsonAsync(response)).GetProperty("traceId").GetString());
        }
    }

    [Fact]
    public async Task The_clients_own_id_is_echoed_and_a_traceparent_gives_its_trace_id()
    {
        var client = await TestHost.AnonymousClientAsync();
        using var own = new HttpRequestMessage(HttpMethod.Get, "/api/wizard-session");
        own.Headers.Add("X-Request-Id", "checkout-42 step 3");
        using var traced = new HttpRequestMessage(HttpMethod.Get, "/api/wizard-session");
        traced.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        using var ownResponse = await client.SendAsync(own);
        using var tracedResponse = await client.SendAsync(traced);

        Assert.Equal("checkout-42 step 3", Assert.Single(ownResponse.Headers.GetValues("X-Request-Id")));
        Assert.Equal("checkout-42 step 3", (await ResponseBody.JsonAsync(ownResponse)).GetProperty("traceId").GetString());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", Assert.Single(tracedResponse.Headers.GetValues("X-Request-Id")));
    }

    [Fact]
    public async Task What_a_request_logs_carries_its_request_id()
    {
        var client = new HttpClient { BaseAddress = new Uri(logged.Host.BaseAddress) };
        var id = "log-scope-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/wizard-session");
        request.Headers.Add("X-Request-Id", id);
        request.Headers.Add("Authorization", "Bearer not-a-token");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var rejected = Assert.Single(logged.Logs.Entries, entry => entry.ScopeValue("XRequestId") as string == id);
        Assert.Equal(LogLevel.Information, rejected.Level);
        Assert.Contains("Rejected a bearer token", rejected.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\A[0-9a-f]{32}\z")]
    private static partial Regex TraceId();
}
