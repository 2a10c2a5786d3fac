using System.Net;
using System.Text;
using System.Text.Json;
using EventWizard.Tests.Contract;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Http;

/// <summary>
/// The fields several routes take (a session id, an idempotency key, the list parameters), each checked by one rule in
/// one wording: the same bad value gets the same status, code, issue and detail on every route that takes it, in the
/// path, the query, a header or the body. The routes come from openapi.json, so a route that takes one of these fields
/// fails here until its table has it.
/// </summary>
public sealed class SharedFieldTests
{
    private const string SessionIdMessage = "sessionId must be 8 to 128 characters of A-Z, a-z, 0-9, '_' or '-'.";
    private const string Placeholder = "\"@value\"";

    /// <summary>A well-formed id no tenant has: every check here comes before the session is looked up.</summary>
    private const string WellFormedId = "no-such-session-1";

    /// <summary>Per operation and place (<c>path</c> or <c>body</c>): the request with a session id in that place.</summary>
    private static readonly Dictionary<string, Func<string, HttpRequestMessage>> SessionIdRequests = new(StringComparer.Ordinal)
    {
        ["GET /api/wizard-session/{sessionId} path"] = id => Request(HttpMethod.Get, $"/api/wizard-session/{Segment(id)}"),
        ["PATCH /api/wizard-session/{sessionId} path"] = id =>
            Request(HttpMethod.Patch, $"/api/wizard-session/{Segment(id)}", """{"stage":"organizerSetup","data":{}}"""),
        ["DELETE /api/wizard-session/{sessionId} path"] = id => Request(HttpMethod.Delete, $"/api/wizard-session/{Segment(id)}"),
        ["GET /api/wizard-session/{sessionId}/interactions path"] = id =>
            Request(HttpMethod.Get, $"/api/wizard-session/{Segment(id)}/interactions"),
        ["POST /api/wizard-session/{sessionId}/interactions path"] = id =>
            Request(HttpMethod.Post, $"/api/wizard-session/{Segment(id)}/interactions", """{"role":"user"}"""),
        ["POST /api/wizard-session/{sessionId}/copilot path"] = id =>
            Request(HttpMethod.Post, $"/api/wizard-session/{Segment(id)}/copilot", """{"message":"hi"}"""),
        ["GET /api/wizard-session/{sessionId}/publish-check path"] = id =>
            Request(HttpMethod.Get, $"/api/wizard-session/{Segment(id)}/publish-check"),
        ["GET /api/wizard-session/{sessionId}/actions path"] = id => Request(HttpMethod.Get, $"/api/wizard-session/{Segment(id)}/actions"),
        ["POST /api/wizard-session body"] = id => Request(HttpMethod.Post, "/api/wizard-session", WithValue("""{"sessionId":"@value"}""", id)),
        ["PATCH /api/wizard-session body"] = id =>
            Request(HttpMethod.Patch, "/api/wizard-session", WithValue("""{"sessionId":"@value","currentStage":"organizerSetup"}""", id)),
        ["PATCH /api/wizard-session/{sessionId} body"] = id => Request(HttpMethod.Patch, $"/api/wizard-session/{WellFormedId}",
            WithValue("""{"sessionId":"@value","currentStage":"organizerSetup"}""", id)),
        ["POST /api/publish-event body"] = id => Request(HttpMethod.Post, "/api/publish-event", WithValue("""{"sessionId":"@value"}""", id)),
        ["POST /api/connect-stripe body"] = id => Request(HttpMethod.Post, "/api/connect-stripe", WithValue(
            """{"sessionId":"@value","returnUrl":"https://app.example.com/r","refreshUrl":"https://app.example.com/f"}""", id)),
    };

    /// <summary>Per action route and place (<c>header</c> or <c>body</c>): the request with a client key in that place.</summary>
    private static readonly Dictionary<string, Func<string, HttpRequestMessage>> KeyRequests = new(StringComparer.Ordinal)
    {
        ["POST /api/publish-event header"] = key => WithHeader(PublishBody(), key),
        ["POST /api/publish-event body"] = key => PublishBody(key),
        ["POST /api/connect-stripe header"] = key => WithHeader(ConnectBody(), key),
        ["POST /api/connect-stripe body"] = key => ConnectBody(key),
    };

    public static TheoryData<string, string> BadSessionIds => Rows(
        from route in SessionIdRequests.Keys
        from id in new[] { "short", new string('a', 129), "bad id!x", "sessión-1234", "abcdefgh\n", "abc.defgh" }
        select (route, id));

    [Theory]
    [MemberData(nameof(BadSessionIds))]
    public async Task A_malformed_session_id_gets_the_same_answer_on_every_route(string route, string sessionId)
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.SendAsync(SessionIdRequests[route](sessionId));

        await AssertOneIssueAsync(response, "sessionId", "invalid_format", SessionIdMessage);
    }

    public static TheoryData<string> SessionIdBodyRoutes => new(SessionIdRequests.Keys.Where(route => route.EndsWith(" body", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(SessionIdBodyRoutes))]
    public async Task A_session_id_given_twice_in_a_body_is_the_same_duplicate_field_issue_everywhere(string route)
    {
        var tenant = await TestHost.NewTenantAsync();
        var request = SessionIdRequests[route](WellFormedId);
        var json = await request.Content!.ReadAsStringAsync();
        request.Content = Json(json.Replace("\"sessionId\":", $"\"sessionId\":\"{WellFormedId}\",\"sessionId\":", StringComparison.Ordinal));

        var response = await tenant.Http.SendAsync(request);

        await AssertOneIssueAsync(response, "sessionId", "duplicate_field", "sessionId is given more than once; send it once.");
    }

    public static TheoryData<string, string, string, string> BadKeys => Rows(
        from route in KeyRequests.Keys
        from bad in new[]
        {
            ("tiny", "too_short", "An idempotency key has 8 to 255 characters (this one has 4)."),
            (new string('k', 256), "too_long", "An idempotency key has 8 to 255 characters (this one has 256)."),
            ("tab\tinside-key", "invalid_format", "An idempotency key may contain printable ASCII characters only (space to ~)."),
        }
        select (route, bad.Item1, bad.Item2, bad.Item3));

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_bad_idempotency_key_gets_the_same_answer_on_every_action_route_in_the_header_or_the_body(
        string route, string key, string code, string message)
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.SendAsync(KeyRequests[route](key));

        await AssertOneIssueAsync(response, route.EndsWith(" header", StringComparison.Ordinal) ? "Idempotency-Key" : "idempotencyKey",
            code, message);
    }

    /// <summary>Two header lines, sent over a socket: HttpClient would join two values into one line.</summary>
    [Theory]
    [InlineData("/api/publish-event")]
    [InlineData("/api/connect-stripe")]
    public async Task Two_idempotency_key_headers_are_refused_on_every_action_route(string path)
    {
        var tenant = await TestHost.NewTenantAsync();
        var request = path == "/api/publish-event" ? PublishBody() : ConnectBody();
        var body = await request.Content!.ReadAsByteArrayAsync();

        var response = await RawHttp.SendAsync((await TestHost.InstanceAsync()).BaseAddress, TimeSpan.FromSeconds(30), RawHttp.Ascii(
            $"POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer {tenant.Token}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n" +
            "Idempotency-Key: first-key-12345\r\nIdempotency-Key: second-key-12345\r\n\r\n"), body);

        Assert.Equal(400, response.Status);
        var problem = JsonSerializer.Deserialize<JsonElement>(response.Body);
        Assert.Equal(("validation_failed", "Idempotency-Key is given more than once; send it once."),
            (problem.GetProperty("code").GetString(), problem.GetProperty("detail").GetString()));
        var issue = Assert.Single(problem.GetProperty("issues").EnumerateArray());
        Assert.Equal(("Idempotency-Key", "duplicate_field"), (issue.GetProperty("field").GetString(), issue.GetProperty("code").GetString()));
    }

    public static TheoryData<string, string> QueryParametersOfLists => Rows(
        from operation in ContractDocument.Served.Operations()
        from parameter in QueryParameters(operation.Operation)
        select ($"{operation.Method} {ListPath(operation.Path)}", parameter.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(QueryParametersOfLists))]
    public async Task A_query_parameter_given_twice_is_the_same_duplicate_field_issue_on_every_list(string route, string name)
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.GetAsync($"{route["GET ".Length..]}?{name}=x&{name}=x");

        await AssertOneIssueAsync(response, name, "duplicate_field", $"{name} is given more than once; send it once.");
    }

    public static TheoryData<string, string> BadLimits => Rows(
        from operation in ContractDocument.Served.Operations()
        from parameter in QueryParameters(operation.Operation)
        where parameter.GetProperty("name").GetString() == "limit"
        from value in new[] { "0", "-1", "abc", "1.5", "20\0", "99999999999" }
        select ($"{ListPath(operation.Path)}?limit={Uri.EscapeDataString(value)}", parameter.GetProperty("schema").GetProperty("maximum").ToString()));

    [Theory]
    [MemberData(nameof(BadLimits))]
    public async Task A_bad_limit_gets_the_same_answer_on_every_list(string pathAndQuery, string maximum)
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.GetAsync(pathAndQuery);

        await AssertOneIssueAsync(response, "limit", "out_of_range", $"limit must be a whole number from 1 to {maximum}.");
    }

    public static TheoryData<string> ListsWithCursors => new(
        from operation in ContractDocument.Served.Operations()
        where QueryParameters(operation.Operation).Any(parameter => parameter.GetProperty("name").GetString() == "cursor")
        from cursor in new[] { "garbage", "", "eyJ4IjoxfQ" }
        select $"{ListPath(operation.Path)}?cursor={cursor}");

    [Theory]
    [MemberData(nameof(ListsWithCursors))]
    public async Task A_cursor_that_no_page_handed_out_gets_the_same_answer_on_every_list(string pathAndQuery)
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.GetAsync(pathAndQuery);

        await AssertOneIssueAsync(response, "cursor", "invalid_format", "cursor must be the value of next from a previous page, unchanged.");
    }

    [Fact]
    public void Every_route_that_takes_a_session_id_or_an_idempotency_key_is_in_its_table()
    {
        Assert.Equal(Taking("path", "sessionId").Concat(Taking("body", "sessionId")).Order(StringComparer.Ordinal),
            SessionIdRequests.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Taking("header", "Idempotency-Key").Concat(Taking("body", "idempotencyKey")).Order(StringComparer.Ordinal),
            KeyRequests.Keys.Order(StringComparer.Ordinal));
    }

    private static TheoryData<string, string> Rows(IEnumerable<(string, string)> rows)
    {
        var data = new TheoryData<string, string>();
        foreach (var (first, second) in rows)
        {
            data.Add(first, second);
        }
        return data;
    }

    private static TheoryData<string, string, string, string> Rows(IEnumerable<(string, string, string, string)> rows)
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var (first, second, third, fourth) in rows)
        {
            data.Add(first, second, third, fourth);
        }
        return data;
    }

    /// <summary>
    /// One issue, the field's, in the rule's own words, as the problem's detail too: what a client shows does not depend
    /// on the route or on where the field was sent.
    /// </summary>
    private static async Task AssertOneIssueAsync(HttpResponseMessage response, string field, string code, string message)
    {
        var problem = await ResponseBody.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {problem}");
        Assert.Equal("validation_failed", await ResponseBody.ProblemCodeAsync(response));
        Assert.Equal(message, problem.GetProperty("detail").GetString());
        var issue = Assert.Single(problem.GetProperty("issues").EnumerateArray());
        Assert.Equal((field, code, message),
            (issue.GetProperty("field").GetString(), issue.GetProperty("code").GetString(), issue.GetProperty("message").GetString()));
    }

    /// <summary>The operations of openapi.json that take <paramref name="name"/> in <paramref name="place"/>, as table keys.</summary>
    private static IEnumerable<string> Taking(string place, string name)
    {
        var document = ContractDocument.Served;
        foreach (var (path, method, operation) in document.Operations())
        {
            var takes = place == "body"
                ? operation.TryGetProperty("requestBody", out var body)
                    && document.Resolve(body.GetProperty("content").GetProperty("application/json").GetProperty("schema"), "").Element
                        .GetProperty("properties").TryGetProperty(name, out _)
                : Parameters(operation).Any(parameter =>
                    parameter.GetProperty("in").GetString() == place && parameter.GetProperty("name").GetString() == name);
            if (takes)
            {
                yield return $"{method} {path} {place}";
            }
        }
    }

    private static IEnumerable<JsonElement> Parameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Select(parameter => ContractDocument.Served.Resolve(parameter, "").Element)
            : [];

    private static IEnumerable<JsonElement> QueryParameters(JsonElement operation) =>
        Parameters(operation).Where(parameter => parameter.GetProperty("in").GetString() == "query");

    /// <summary>A list's path, a session's lists under a well-formed id (the query is checked before the session is read).</summary>
    private static string ListPath(string template) => template.Replace("{sessionId}", WellFormedId, StringComparison.Ordinal);

    private static HttpRequestMessage PublishBody(string? key = null) => Request(HttpMethod.Post, "/api/publish-event",
        key is null ? $$"""{"sessionId":"{{WellFormedId}}"}""" : WithValue($$"""{"sessionId":"{{WellFormedId}}","idempotencyKey":"@value"}""", key));

    private static HttpRequestMessage ConnectBody(string? key = null)
    {
        var body = $$"""{"sessionId":"{{WellFormedId}}","returnUrl":"https://app.example.com/r","refreshUrl":"https://app.example.com/f"}""";
        return Request(HttpMethod.Post, "/api/connect-stripe",
            key is null ? body : WithValue(body.Replace("}", ",\"idempotencyKey\":\"@value\"}", StringComparison.Ordinal), key));
    }

    private static HttpRequestMessage WithHeader(HttpRequestMessage request, string key)
    {
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? json = null) =>
        new(method, path) { Content = json is null ? null : Json(json) };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary><paramref name="json"/> with <c>"@value"</c> replaced by <paramref name="value"/> as a JSON string.</summary>
    private static string WithValue(string json, string value) =>
        json.Replace(Placeholder, JsonSerializer.Serialize(value), StringComparison.Ordinal);

    private static string Segment(string value) => Uri.EscapeDataString(value);
}
