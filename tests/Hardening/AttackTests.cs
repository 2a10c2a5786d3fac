using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EventWizard.Tests.Infrastructure;
using EventWizard.Tests.Sessions;

namespace EventWizard.Tests.Hardening;

/// <summary>
/// What a hostile client tried beyond malformed HTTP (docs/hardening.md): origins that only look allowed, request
/// ids that should not be echoed, method override headers, encoded path traversal, duplicate JSON keys, byte order
/// marks and other charsets. On the shared host, whose Cors__AllowedOrigins is <c>http://127.0.0.1:*</c>.
/// </summary>
public sealed class AttackTests
{
    [Theory]
    [InlineData("http://localhost.evil.com")]
    [InlineData("http://127.0.0.1.evil.com:5173")]
    [InlineData("http://evil.com@localhost:5173")]
    [InlineData("http://localhost:5173/")]
    [InlineData("http://localhost:5173/path")]
    [InlineData("null")]
    [InlineData("file://")]
    public async Task An_origin_that_only_looks_allowed_gets_no_CORS_headers_and_no_preflight(string origin)
    {
        using var client = await TestHost.AnonymousClientAsync();

        using var get = await SendAsync(client, HttpMethod.Get, "/api/health", ("Origin", origin));
        using var preflight = await SendAsync(client, HttpMethod.Options, "/api/wizard-session",
            ("Origin", origin), ("Access-Control-Request-Method", "POST"));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.False(get.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Forbidden, preflight.StatusCode);
        Assert.Equal("origin_not_allowed", (await ResponseBody.JsonAsync(preflight)).GetProperty("code").GetString());
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_allowed_origin_sent_twice_gets_no_CORS_headers()
    {
        using var client = await TestHost.AnonymousClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.TryAddWithoutValidation("Origin", ["http://127.0.0.1:5173", "http://evil.example"]);

        using var response = await client.SendAsync(request);
        using var allowed = await SendAsync(client, HttpMethod.Get, "/api/health", ("Origin", "http://127.0.0.1:5173"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("http://127.0.0.1:5173", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Theory]
    [InlineData("129 characters")]
    [InlineData("two headers")]
    [InlineData("UTF-8 letters")]
    [InlineData("empty")]
    public async Task A_request_id_that_is_not_valid_is_not_echoed(string name)
    {
        var host = await TestHost.InstanceAsync();
        var header = name switch
        {
            "129 characters" => $"X-Request-Id: {new string('a', 129)}\r\n",
            "two headers" => "X-Request-Id: first-id\r\nX-Request-Id: second-id\r\n",
            "UTF-8 letters" => "X-Request-Id: caf\u00c3\u00a9-id\r\n",
            "empty" => "X-Request-Id: \r\n",
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };

        var response = await RawHttp.SendAsync(host.BaseAddress, TimeSpan.FromSeconds(30),
            RawHttp.Ascii($"GET /api/no-such-route HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{header}\r\n"));

        Assert.Equal(404, response.Status);
        var id = response.Header("X-Request-Id");
        Assert.Matches("^[0-9a-f]{32}$", id);
        using var problem = JsonDocument.Parse(response.Body);
        Assert.Equal(id, problem.RootElement.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task A_valid_request_id_is_echoed_in_the_header_and_the_problem()
    {
        using var client = await TestHost.AnonymousClientAsync();

        using var response = await SendAsync(client, HttpMethod.Get, "/api/no-such-route", ("X-Request-Id", "client-id-42 (retry 1)"));

        Assert.Equal("client-id-42 (retry 1)", Assert.Single(response.Headers.GetValues("X-Request-Id")));
        Assert.Equal("client-id-42 (retry 1)", (await ResponseBody.JsonAsync(response)).GetProperty("traceId").GetString());
    }

    [Theory]
    [InlineData("X-HTTP-Method-Override")]
    [InlineData("X-HTTP-Method")]
    [InlineData("X-Method-Override")]
    public async Task A_method_override_header_is_ignored(string header)
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);

        using var response = await SendAsync(tenant.Http, HttpMethod.Post, $"/api/wizard-session/{sessionId}", (header, "DELETE"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("in_progress", (await SessionRows.ReadAsync(tenant, sessionId)).Status);
    }

    [Theory]
    [InlineData("/api/public/events/..%2F..%2Fhealth", "event_not_found")]
    [InlineData("/api/events/..%2F..%2Fhealth", "event_not_found")]
    [InlineData("/api/wizard-session/..%2F..%2Fhealth", "validation_failed")]
    [InlineData("/api/wizard-session/%2E%2E%2F%2E%2E%2Fhealth", "validation_failed")]
    public async Task An_encoded_path_traversal_stays_in_its_route(string path, string code)
    {
        var tenant = await TestHost.NewTenantAsync();

        using var response = await tenant.Http.GetAsync(path);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{path}: {(int)response.StatusCode}");
        Assert.Equal(code, (await ResponseBody.JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task With_a_key_repeated_inside_data_the_last_one_is_both_checked_and_stored()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = (await SessionApi.CreateAsync(tenant)).GetProperty("session_id").GetString()!;
        const string badThenGood = """{"name":"Ann","email":"not-an-email","email":"ann@example.com"}""";
        const string goodThenBad = """{"name":"Ann","email":"ann@example.com","email":"not-an-email"}""";

        var complete = await PatchRawAsync(tenant, sessionId, badThenGood);
        var incomplete = await PatchRawAsync(tenant, sessionId, goodThenBad);

        Assert.Equal("ann@example.com", complete.GetProperty("organizer_data").GetProperty("email").GetString());
        Assert.Contains("organizerSetup", complete.GetProperty("completed_stages").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("not-an-email", incomplete.GetProperty("organizer_data").GetProperty("email").GetString());
        Assert.DoesNotContain("organizerSetup", incomplete.GetProperty("completed_stages").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [InlineData("application/json; charset=utf-16", 415, "unsupported_media_type")]
    [InlineData("application/json; charset=iso-8859-1", 415, "unsupported_media_type")]
    [InlineData("application/json; charset=\"UTF-8\"", 201, null)]
    [InlineData("application/json; charset=utf-8", 201, null)]
    public async Task A_JSON_body_in_a_charset_other_than_UTF_8_is_415(string contentType, int status, string? code)
    {
        var tenant = await TestHost.NewTenantAsync();
        using var content = new ByteArrayContent("{}"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await tenant.Http.PostAsync("/api/wizard-session", content);

        Assert.Equal(status, (int)response.StatusCode);
        if (code is not null)
        {
            Assert.Equal(code, (await ResponseBody.JsonAsync(response)).GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task A_body_with_a_byte_order_mark_is_400_malformed_json()
    {
        var tenant = await TestHost.NewTenantAsync();
        using var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. "{}"u8]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await tenant.Http.PostAsync("/api/wizard-session", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed_json", (await ResponseBody.JsonAsync(response)).GetProperty("code").GetString());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> PatchRawAsync(TenantClient tenant, string sessionId, string organizerJson)
    {
        using var content = new StringContent($$"""{"sessionId":"{{sessionId}}","stage":"organizerSetup","data":{{organizerJson}}}""",
            Encoding.UTF8, "application/json");
        using var response = await tenant.Http.PatchAsync("/api/wizard-session", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ResponseBody.JsonAsync(response);
    }
}
