using System.Text.Json;
using EventWizard.DevHost;
using EventWizard.Shared.Http;
using EventWizard.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using static EventWizard.Tests.Infrastructure.RawHttp;

namespace EventWizard.Tests.Hardening;

/// <summary>
/// Requests the HTTP layer refuses before or while a function reads them, sent over a raw socket (HttpClient will
/// not send them). Each gets a problem+json with a <c>code</c>, is logged at Information or Warning, and leaves no
/// Error-level entry or stack trace in the log. The stalled body waits for Kestrel's MinRequestBodyDataRate grace
/// period (5 s), the host's real setting; the head that never ends waits for a RequestHeadersTimeout shortened to 2 s.
/// </summary>
public sealed class HttpLayerRejectionTests(LoggedHostFixture fixture) : IClassFixture<LoggedHostFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string, int> Rejections => new()
    {
        { "malformed chunked body", 400 },
        { "stalled body", 408 },
        { "header over the size limit", 431 },
        { "more headers than the limit", 431 },
        { "path over the request line limit", 414 },
        { "NUL in the path", 400 },
        { "no Host header", 400 },
        { "malformed request line", 400 },
        { "CR inside a header value", 400 },
        { "non-ASCII header value", 400 },
        { "HTTP/1.0 body without a length", 400 },
        { "unknown HTTP version", 505 },
        { "request head that never ends", 408 },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task A_request_the_HTTP_layer_refuses_gets_problem_json_and_no_error_in_the_log(string name, int status)
    {
        fixture.Logs.Clear();

        var response = await SendAsync(fixture.Host.BaseAddress, Timeout, Request(name));

        AssertProblem(response, status);
        AssertLoggedQuietly();
    }

    [Fact]
    public async Task A_refused_request_after_a_good_one_on_the_same_connection_gets_problem_json()
    {
        fixture.Logs.Clear();

        var responses = await ExchangeAsync(fixture.Host.BaseAddress, 2, Timeout,
            Ascii("GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n"), Ascii("GET /api/health HTTP/1.1\r\n\r\n"));

        Assert.Equal(200, responses[0].Status);
        AssertProblem(responses[1], 400);
        AssertLoggedQuietly();
    }

    private static byte[][] Request(string name)
    {
        var token = TestHost.TokenFor(Guid.NewGuid(), Guid.NewGuid());
        var post = $"POST /api/wizard-session HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n";
        return name switch
        {
            "malformed chunked body" => [Ascii(post + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n")],
            "stalled body" => [Ascii(post + "Content-Length: 100\r\n\r\n{\"sessionId\":")],
            "header over the size limit" => [Ascii($"GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Padding: {new string('a', 40_000)}\r\n\r\n")],
            "more headers than the limit" => [Ascii("GET /api/health HTTP/1.1\r\nHost: localhost\r\n"
                + string.Concat(Enumerable.Range(0, 120).Select(i => $"X-Header-{i}: {i}\r\n")) + "\r\n")],
            "path over the request line limit" => [Ascii($"GET /api/{new string('a', 10_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n")],
            "NUL in the path" => [Ascii("GET /api/wizard-session/abcdefgh%00 HTTP/1.1\r\nHost: localhost\r\n\r\n")],
            "no Host header" => [Ascii("GET /api/health HTTP/1.1\r\n\r\n")],
            "malformed request line" => [Ascii("NOT AN HTTP REQUEST\r\n\r\n")],
            "CR inside a header value" => [Ascii("GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: abc\rdef\r\n\r\n")],
            "non-ASCII header value" => [Ascii("GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: caf\u00e9\r\n\r\n")],
            "HTTP/1.0 body without a length" => [Ascii("POST /api/wizard-session HTTP/1.0\r\nHost: localhost\r\n\r\n{}")],
            "unknown HTTP version" => [Ascii("GET /api/health HTTP/2.5\r\nHost: localhost\r\n\r\n")],
            "request head that never ends" => [Ascii("GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n")],
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    private static void AssertProblem(Response response, int status)
    {
        Assert.Equal(status, response.Status);
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"));
        using var problem = JsonDocument.Parse(response.Body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("code").GetString()));
    }

    private void AssertLoggedQuietly()
    {
        var entries = fixture.Logs.Entries;
        Assert.DoesNotContain(entries, entry => entry.Level >= LogLevel.Error);
        Assert.DoesNotContain(entries, entry => entry.Exception is not null);
        string[] refusers = [typeof(KestrelRejections).FullName!, typeof(ApiHandler).FullName!];
        Assert.Contains(entries, entry => refusers.Contains(entry.Category) && entry.Level is LogLevel.Information or LogLevel.Warning);
    }
}
