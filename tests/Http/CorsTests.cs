using System.Net;
using EventWizard.Shared.Hosting;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Http;

/// <summary>
/// CORS as a page on another origin meets it (api.md, Browser clients), on every route of the route table. The test
/// host allows <c>http://127.0.0.1:*</c>.
/// </summary>
public sealed class CorsTests
{
    private const string Allowed = "http://127.0.0.1:5173";
    private const string Refused = "https://wizard.example.com";

    public static TheoryData<string> Routes() => new(RouteTemplates());

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_preflight_from_an_allowed_origin_lists_the_routes_methods_and_the_allowed_headers(string template)
    {
        var client = await TestHost.AnonymousClientAsync();
        var methods = RouteTable().MethodsOf(Path(template))!;

        using var response = await PreflightAsync(client, Path(template), Allowed, methods[0]);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Allowed, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal(methods, Header(response, "Access-Control-Allow-Methods")!.Split(", "));
        Assert.Equal("Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id, apikey, x-client-info",
            Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Contains("Origin", response.Headers.Vary);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_preflight_from_an_origin_not_allowed_is_403_origin_not_allowed(string template)
    {
        var client = await TestHost.AnonymousClientAsync();

        using var response = await PreflightAsync(client, Path(template), Refused, "GET");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("origin_not_allowed", (await ResponseBody.JsonAsync(response)).GetProperty("code").GetString());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/api/health", HttpStatusCode.OK)]
    [InlineData("/api/wizard-session", HttpStatusCode.Unauthorized)]
    [InlineData("/api/public/events/no-such-event", HttpStatusCode.NotFound)]
    [InlineData("/api/no-such-route", HttpStatusCode.NotFound)]
    public async Task Every_answer_to_an_allowed_origin_lets_the_page_read_it_and_its_headers(string path, HttpStatusCode status)
    {
        var client = await TestHost.AnonymousClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", Allowed);

        using var response = await client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(Allowed, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("ETag, Location, Idempotent-Replayed, Retry-After, X-Request-Id", Header(response, "Access-Control-Expose-Headers"));
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task An_answer_to_an_origin_not_allowed_carries_no_CORS_headers_but_still_varies_by_origin()
    {
        var client = await TestHost.AnonymousClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.Add("Origin", Refused);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Expose-Headers"));
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task A_plain_OPTIONS_without_a_preflight_gets_Allow()
    {
        var client = await TestHost.AnonymousClientAsync();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/wizard-session/abcdefgh"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["DELETE", "GET", "PATCH", "OPTIONS"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_preflight_for_an_unknown_route_is_404()
    {
        var client = await TestHost.AnonymousClientAsync();

        using var response = await PreflightAsync(client, "/api/no-such-route", Allowed, "GET");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (await ResponseBody.JsonAsync(response)).GetProperty("code").GetString());
    }

    internal static IEnumerable<string> RouteTemplates() =>
        FunctionMetadata.Load(AppContext.BaseDirectory).Where(f => f.IsHttp && !f.Route!.Contains("{*", StringComparison.Ordinal))
            .Select(f => f.Route!).Distinct(StringComparer.Ordinal);

    internal static RouteTable RouteTable() => Shared.Hosting.RouteTable.Load(AppContext.BaseDirectory);

    /// <summary>A concrete path for a route template: every parameter filled with a well-formed value.</summary>
    internal static string Path(string template) =>
        "/api/" + string.Join('/', template.Split('/').Select(segment => segment.StartsWith('{') ? "abcdefgh-1234" : segment));

    private static async Task<HttpResponseMessage> PreflightAsync(HttpClient client, string path, string origin, string method)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, if-match");
        return await client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}
