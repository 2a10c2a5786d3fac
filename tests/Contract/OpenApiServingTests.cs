using System.Net;
using System.Text.Json.Nodes;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Contract;

public sealed class OpenApiServingTests
{
    [Fact]
    public async Task GET_openapi_json_serves_the_repository_document_with_an_ETag_for_anyone()
    {
        using var client = await TestHost.AnonymousClientAsync();

        var response = await client.GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl?.ToString());
        Assert.False(response.Headers.ETag!.IsWeak);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        var repository = JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("docs", "openapi.json")));
        Assert.True(JsonNode.DeepEquals(repository, served), "GET /api/openapi.json is not docs/openapi.json: rebuild Shared.");
    }

    [Fact]
    public async Task GET_openapi_json_with_its_ETag_in_If_None_Match_is_304_without_a_body()
    {
        using var client = await TestHost.AnonymousClientAsync();
        var first = await client.GetAsync("/api/openapi.json");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/openapi.json");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var response = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(first.Headers.ETag, response.Headers.ETag);
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}
