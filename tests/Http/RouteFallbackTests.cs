using System.Net;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Http;

/// <summary>What no function takes: 404 for an unknown route, 405 with Allow for a known route's other methods.</summary>
public sealed class RouteFallbackTests
{
    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

    public static TheoryData<string> Routes() => CorsTests.Routes();

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_method_a_route_does_not_take_is_405_with_Allow(string template)
    {
        var client = await TestHost.AnonymousClientAsync();
        var methods = CorsTests.RouteTable().MethodsOf(CorsTests.Path(template))!;

        foreach (var method in AllMethods.Except(methods))
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), CorsTests.Path(template)));

            Assert.True(response.StatusCode == HttpStatusCode.MethodNotAllowed, $"{method} {template}: {(int)response.StatusCode}");
            Assert.Equal([.. methods, "OPTIONS"], response.Content.Headers.Allow);
            if (method != "HEAD")
            {
                Assert.Equal("method_not_allowed", (await ResponseBody.JsonAsync(response)).GetProperty("code").GetString());
            }
        }
    }

    [Theory]
    [InlineData("GET", "/api/no-such-route")]
    [InlineData("POST", "/api/wizard-session/abcdefgh/nothing-here")]
    [InlineData("DELETE", "/api/")]
    [InlineData("PUT", "/api/events/a/b/c")]
    public async Task An_unknown_route_is_a_404_problem(string method, string path)
    {
        var client = await TestHost.AnonymousClientAsync();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("not_found", (await ResponseBody.JsonAsync(response)).GetProperty("code").GetString());
    }
}
