using System.Net;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Contract;

/// <summary>
/// What the catch-all Fallback answers (the document's x-fallback) held to the document like any operation's answer:
/// CORS preflights from an allowed and a refused origin, and a plain OPTIONS. The test host allows http://127.0.0.1:*.
/// </summary>
public sealed class FallbackContractTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5173", HttpStatusCode.NoContent)]
    [InlineData("https://elsewhere.example", HttpStatusCode.Forbidden)]
    public async Task A_preflight_answers_as_x_fallback_declares(string origin, HttpStatusCode expected)
    {
        using var client = await TestHost.AnonymousClientAsync();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/wizard-session");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "PATCH");

        var response = await client.SendAsync(preflight);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_plain_OPTIONS_answers_with_the_routes_methods()
    {
        using var client = await TestHost.AnonymousClientAsync();

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/publish-event"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["POST", "OPTIONS"], response.Content.Headers.Allow);
    }
}
