using System.Net;
using EventWizard.DevHost;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_is_ok_with_the_schema_version_when_the_database_is_up()
    {
        var client = await TestHost.AnonymousClientAsync();

        var response = await client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ResponseBody.JsonAsync(response);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("database").GetString());
        Assert.True(body.GetProperty("schemaVersion").GetInt32() >= 1);
    }

    [Fact]
    public async Task Health_is_503_problem_free_when_the_database_cannot_be_reached()
    {
        var unreachable = "Host=127.0.0.1;Port=1;Username=nobody;Password=x;Database=none;Timeout=3";
        var settings = TestHost.Settings(unreachable, "");
        await using var host = await DevHostApp.StartAsync([], settings, CancellationToken.None);
        using var client = TestHost.ClientFor(host.BaseAddress);

        var response = await client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await ResponseBody.JsonAsync(response);
        Assert.Equal("unavailable", body.GetProperty("database").GetString());
    }

    [Fact]
    public async Task Unknown_route_is_404_and_wrong_method_is_405_as_problem_json()
    {
        var client = await TestHost.AnonymousClientAsync();

        var notFound = await client.GetAsync("/api/no-such-route");
        var wrongMethod = await client.DeleteAsync("/api/health");

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("application/problem+json", notFound.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal("application/problem+json", wrongMethod.Content.Headers.ContentType?.MediaType);
    }
}
