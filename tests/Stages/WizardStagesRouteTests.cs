using System.Net;
using System.Text.Json.Nodes;
using EventWizard.Shared.Stages;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Stages;

public sealed class WizardStagesRouteTests
{
    [Fact]
    public async Task Anyone_gets_the_stage_schemas_with_an_etag_and_an_hour_of_caching()
    {
        var client = await TestHost.AnonymousClientAsync();

        var response = await client.GetAsync("/api/wizard-stages");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl?.ToString());
        Assert.Matches("^\"[0-9a-f]{32}\"$", response.Headers.ETag?.Tag);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(StageSchemas.Document(), body), body?.ToJsonString());
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("W/{0}")]
    [InlineData("\"other\", {0}")]
    [InlineData("*")]
    public async Task If_None_Match_naming_the_current_etag_gives_304_without_a_body(string ifNoneMatch)
    {
        var client = await TestHost.AnonymousClientAsync();
        var etag = (await client.GetAsync("/api/wizard-stages")).Headers.ETag!.Tag;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/wizard-stages");
        request.Headers.TryAddWithoutValidation("If-None-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, ifNoneMatch, etag));
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag?.Tag);
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task If_None_Match_naming_another_etag_gets_the_body()
    {
        var client = await TestHost.AnonymousClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/wizard-stages");
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"0123456789abcdef0123456789abcdef\"");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }
}
