using System.Net;
using System.Text.Json;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Publish;

/// <summary>Bad input per api.md's Conventions: a 4xx problem+json each, never a 5xx, nothing written.</summary>
public sealed class PublishInputTests
{
    [Fact]
    public async Task Malformed_json_is_400()
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await SessionRows.PublishRawAsync(tenant.Http, """{"sessionId": "abcdefgh",""");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task An_array_body_is_400()
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await SessionRows.PublishRawAsync(tenant.Http, """[{"sessionId": "abcdefgh"}]""");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_body");
    }

    [Fact]
    public async Task An_empty_body_is_400()
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await SessionRows.PublishRawAsync(tenant.Http, "");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_body");
    }

    [Theory]
    [InlineData("""{"sessionId": 12345678}""", "sessionId")]
    [InlineData("""{"sessionId": ["abcdefgh"]}""", "sessionId")]
    [InlineData("""{"sessionId": "abcdefgh", "idempotencyKey": 12345678}""", "idempotencyKey")]
    [InlineData("""{"sessionId": "abcdefgh", "idempotencyKey": {"k": "v"}}""", "idempotencyKey")]
    [InlineData("""{}""", "sessionId")]
    [InlineData("""{"sessionId": null}""", "sessionId")]
    [InlineData("""{"sessionId": "abcdefgh", "force": true}""", "force")]
    [InlineData("""{"sessionId": "abcdefgh", "sessionId": "ijklmnop"}""", "sessionId")]
    public async Task Wrong_types_missing_unknown_and_repeated_fields_are_400_naming_the_field(string body, string field)
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await SessionRows.PublishRawAsync(tenant.Http, body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has space but ok length\u0007")]
    [InlineData("clé-non-ascii")]
    [InlineData("tab\tinside-key")]
    public async Task Body_keys_of_the_wrong_length_or_characters_are_400(string key)
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = key });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("idempotencyKey", out _));
        Assert.Empty(await SessionRows.ActionsAsync(tenant, sessionId));
    }

    [Fact]
    public async Task A_key_of_256_characters_is_400_and_one_of_255_is_accepted()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var tooLong = await SessionRows.PublishAsync(tenant.Http, new { sessionId }, headerKey: new string('k', 256));
        var longest = await SessionRows.PublishAsync(tenant.Http, new { sessionId }, headerKey: new string('k', 255));

        var problem = await AssertProblemAsync(tooLong, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
    }

    [Fact]
    public async Task A_header_key_of_seven_characters_is_400()
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId = SessionRows.NewSessionId() }, headerKey: "1234567");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has spaces in it")]
    [InlineData("semi;colon")]
    [InlineData("../../etc/passwd")]
    public async Task A_malformed_session_id_is_400(string sessionId)
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("sessionId", out _));
    }

    [Fact]
    public async Task A_session_id_over_128_characters_is_400()
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId = new string('a', 129) });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_nul_character_anywhere_is_400()
    {
        var tenant = await TestHost.NewTenantAsync();

        var inId = await SessionRows.PublishRawAsync(tenant.Http, """{"sessionId": "abcd\u0000efgh"}""");
        var inKey = await SessionRows.PublishRawAsync(tenant.Http, """{"sessionId": "abcdefgh", "idempotencyKey": "key\u0000key-key"}""");

        await AssertProblemAsync(inId, HttpStatusCode.BadRequest, "validation_failed");
        await AssertProblemAsync(inKey, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await SessionRows.PublishRawAsync(tenant.Http, """{"sessionId": "abcdefgh"}""", "text/plain");

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task A_body_over_256_KiB_is_413()
    {
        var tenant = await TestHost.NewTenantAsync();
        var padding = new string('x', 257 * 1024);

        var response = await SessionRows.PublishRawAsync(tenant.Http, $$"""{"sessionId": "abcdefgh", "pad": "{{padding}}"}""");

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Nesting_deeper_than_32_levels_is_400()
    {
        var tenant = await TestHost.NewTenantAsync();
        var deep = string.Concat(Enumerable.Repeat("""{"a":""", 40)) + "1" + new string('}', 40);

        var response = await SessionRows.PublishRawAsync(tenant.Http, $$"""{"sessionId": "abcdefgh", "x": {{deep}}}""");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "too_deep");
    }

    [Fact]
    public async Task Wrong_method_on_publish_is_405()
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.GetAsync("/api/publish-event");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        Assert.Equal(code, document.RootElement.GetProperty("code").GetString());
        return document.RootElement.Clone();
    }
}
