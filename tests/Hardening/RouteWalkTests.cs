using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using EventWizard.Shared.Hosting;
using EventWizard.Tests.Events;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Hardening;

/// <summary>
/// Every route of functions.metadata (the catch-all fallback aside), every string it reads (path and query
/// parameters, body fields) spoiled one at a time: a trailing <c>\n</c>, a trailing <c>\r\n</c>, a NUL, a lone
/// surrogate, 10,000 characters. Each answer is a 4xx problem+json with a <c>code</c> and leaves the tenant's rows as
/// they were; then the unspoiled request succeeds, so each refusal was about the spoiled field. A new route fails
/// here until it has a valid request in <see cref="ValidRequests"/>. Runs on a host with a fake Stripe and a fake
/// chat model, so connect-stripe's and the copilot's valid requests succeed too.
/// </summary>
public sealed class RouteWalkTests(RouteWalkHostFixture fixture) : IClassFixture<RouteWalkHostFixture>
{
    /// <summary>One valid request per route: what each route needs to succeed, kept in one place.</summary>
    private static readonly Dictionary<string, Func<TenantClient, Task<ValidRequest>>> ValidRequests = new(StringComparer.Ordinal)
    {
        ["GET health"] = _ => Task.FromResult(new ValidRequest()),
        ["GET wizard-stages"] = _ => Task.FromResult(new ValidRequest()),
        ["GET openapi.json"] = _ => Task.FromResult(new ValidRequest()),
        ["POST wizard-session"] = _ => Task.FromResult(new ValidRequest { Body = new() { ["sessionId"] = SessionRows.NewSessionId() } }),
        ["GET wizard-session"] = async tenant =>
        {
            await SessionRows.InsertAsync(tenant);
            await SessionRows.InsertAsync(tenant);
            return new ValidRequest
            {
                Query =
                {
                    ["status"] = "in_progress", ["mine"] = "true", ["limit"] = "1", ["include"] = "payloads",
                    ["cursor"] = await NextCursorAsync(tenant, "/api/wizard-session?mine=true&limit=1"),
                },
            };
        },
        ["PATCH wizard-session"] = async tenant => new ValidRequest { Body = Autosave(await SessionRows.InsertAsync(tenant)) },
        ["GET wizard-session/{sessionId}"] = async tenant => new ValidRequest { Route = { ["sessionId"] = await SessionRows.InsertAsync(tenant) } },
        ["PATCH wizard-session/{sessionId}"] = async tenant =>
        {
            var sessionId = await SessionRows.InsertAsync(tenant);
            return new ValidRequest { Route = { ["sessionId"] = sessionId }, Body = Autosave(sessionId) };
        },
        ["DELETE wizard-session/{sessionId}"] = async tenant => new ValidRequest { Route = { ["sessionId"] = await SessionRows.InsertAsync(tenant) } },
        ["POST wizard-session/{sessionId}/interactions"] = async tenant => new ValidRequest
        {
            Route = { ["sessionId"] = await SessionRows.InsertAsync(tenant) },
            Body = new()
            {
                ["role"] = "user", ["stage"] = "eventSetup", ["text"] = "A runway show in May.", ["model"] = "model-1",
                ["tokensUsed"] = 12, ["latencyMs"] = 340, ["csat"] = 5,
            },
            FreeText = ["text", "model"],
        },
        ["POST wizard-session/{sessionId}/copilot"] = async tenant => new ValidRequest
        {
            Route = { ["sessionId"] = await SessionRows.InsertAsync(tenant) },
            Body = new() { ["message"] = "Name my runway show.", ["stage"] = "eventSetup" },
            FreeText = ["message"],
        },
        ["GET wizard-session/{sessionId}/interactions"] = async tenant =>
        {
            var sessionId = await SessionRows.InsertAsync(tenant);
            var added = await tenant.Http.PostAsJsonAsync($"/api/wizard-session/{sessionId}/interactions", new { role = "user", text = "Hi" });
            added.EnsureSuccessStatusCode();
            var interactionId = (await ResponseBody.JsonAsync(added)).GetProperty("id").GetString()!;
            return new ValidRequest { Route = { ["sessionId"] = sessionId }, Query = { ["after"] = interactionId, ["limit"] = "10" } };
        },
        ["GET wizard-session/{sessionId}/actions"] = async tenant => new ValidRequest { Route = { ["sessionId"] = await SessionRows.InsertAsync(tenant) } },
        ["POST connect-stripe"] = async tenant => new ValidRequest
        {
            Body = new()
            {
                ["sessionId"] = await SessionRows.InsertAsync(tenant), ["returnUrl"] = "https://app.example.com/wizard/payment?done=1",
                ["refreshUrl"] = "https://app.example.com/wizard/payment?refresh=1", ["idempotencyKey"] = "walk-connect-0001",
            },
        },
        ["POST publish-event"] = async tenant => new ValidRequest
        {
            Body = new() { ["sessionId"] = await SessionRows.InsertAsync(tenant), ["idempotencyKey"] = "walk-publish-0001" },
        },
        ["GET events"] = async tenant =>
        {
            await EventRows.InsertAsync(tenant, "published");
            await EventRows.InsertAsync(tenant, "published");
            return new ValidRequest
            {
                Query =
                {
                    ["status"] = "published", ["limit"] = "1",
                    ["cursor"] = await NextCursorAsync(tenant, "/api/events?status=published&limit=1"),
                },
            };
        },
        ["GET wizard-session/{sessionId}/publish-check"] = async tenant =>
            new ValidRequest { Route = { ["sessionId"] = await SessionRows.InsertAsync(tenant) } },
        ["GET events/{id}"] = async tenant =>
            new ValidRequest { Route = { ["id"] = (await EventRows.InsertAsync(tenant, "published")).Id.ToString() } },
        ["GET wizard-analytics"] = _ => Task.FromResult(new ValidRequest { Query = { ["from"] = "2026-01-01", ["to"] = "2026-03-31" } }),
        ["GET public/events/{slug}"] = async tenant =>
            new ValidRequest { Route = { ["slug"] = (await EventRows.InsertAsync(tenant, "published")).Slug }, Anonymous = true },
    };

    /// <summary>The next of a list's first page, so the walk spoils a real cursor.</summary>
    private static async Task<string> NextCursorAsync(TenantClient tenant, string firstPage) =>
        (await ResponseBody.JsonAsync(await tenant.Http.GetAsync(firstPage))).GetProperty("next").GetString()!;

    /// <summary>The spoilt versions of a string, by name.</summary>
    private static readonly (string Name, Func<string, string> Spoil)[] Variants =
    [
        ("trailing LF", value => value + "\n"),
        ("trailing CRLF", value => value + "\r\n"),
        ("NUL", value => value + "\0"),
        ("lone surrogate", value => value + LoneSurrogate),
        ("10,000 characters", value => value + new string('x', Math.Max(1, 10_000 - value.Length))),
    ];

    private const string LoneSurrogate = "\ud800";

    /// <summary>Stands for the lone surrogate in a body until it is written as the JSON escape <c>\ud800</c> (System.Text.Json would not write it as sent).</summary>
    private const string SurrogateMarker = "@@lone-surrogate@@";

    /// <summary>Every HTTP route and method of functions.metadata but the catch-all, as "METHOD route".</summary>
    public static TheoryData<string> Routes() => new(RouteKeys());

    [Fact]
    public void Every_route_has_a_valid_request_and_every_valid_request_a_route()
    {
        var routes = RouteKeys().ToHashSet(StringComparer.Ordinal);

        Assert.True(routes.SetEquals(ValidRequests.Keys),
            $"Routes without a valid request: {string.Join(", ", routes.Except(ValidRequests.Keys))}; " +
            $"valid requests for no route: {string.Join(", ", ValidRequests.Keys.Except(routes))}. Keep ValidRequests in step with the functions.");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_string_of_the_route_spoilt_is_a_4xx_problem_that_changes_nothing(string route)
    {
        Assert.True(ValidRequests.TryGetValue(route, out var build), $"Add a valid request for {route} to ValidRequests.");
        var tenant = fixture.NewTenant();
        var valid = await build(tenant);
        var (method, template) = Split(route);
        var failures = new List<string>();

        foreach (var (field, spoilt) in Spoilt(valid))
        {
            foreach (var (variant, spoil) in Variants)
            {
                var before = await TenantRowsAsync(tenant.OrganizationId);
                using var response = await SendAsync(tenant, method, template, spoilt(spoil));
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var freeText = valid.FreeText.Contains(field) && variant is not ("NUL" or "lone surrogate");
                if (freeText && status < 400)
                {
                    continue;
                }
                if (Refusal(status, response.Content.Headers.ContentType?.MediaType, body) is { } wrong)
                {
                    failures.Add($"{field} with {variant}: {wrong}");
                }
                else if (await TenantRowsAsync(tenant.OrganizationId) != before)
                {
                    failures.Add($"{field} with {variant}: {status}, but the tenant's rows changed");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{route}:\n" + string.Join("\n", failures));
        using var unspoilt = await SendAsync(tenant, method, template, valid);
        Assert.True(unspoilt.IsSuccessStatusCode,
            $"The valid request of {route} failed ({(int)unspoilt.StatusCode} {await unspoilt.Content.ReadAsStringAsync()}): fix ValidRequests.");
    }

    /// <summary>What is wrong with an answer that should be a refusal, or null when it is a 4xx problem with a code.</summary>
    private static string? Refusal(int status, string? mediaType, string body)
    {
        if (status is < 400 or > 499)
        {
            return $"{status} {Shorten(body)}";
        }
        if (mediaType != "application/problem+json")
        {
            return $"{status} with {mediaType ?? "no content type"}: {Shorten(body)}";
        }
        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 } ? null : $"{status} without a code";
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>Each string of the valid request with a function that builds the request with that string spoilt.</summary>
    private static IEnumerable<(string Field, Func<Func<string, string>, ValidRequest> Spoilt)> Spoilt(ValidRequest valid)
    {
        foreach (var (name, value) in valid.Route)
        {
            yield return (name, spoil => valid with { Route = new(valid.Route) { [name] = spoil(value) } });
        }
        foreach (var (name, value) in valid.Query)
        {
            yield return (name, spoil => valid with { Query = new(valid.Query) { [name] = spoil(value) } });
        }
        foreach (var (name, value) in valid.Body)
        {
            if (value is JsonValue json && json.GetValueKind() == JsonValueKind.String)
            {
                yield return (name, spoil =>
                {
                    var body = valid.Body.DeepClone().AsObject();
                    body[name] = spoil(json.GetValue<string>()).Replace(LoneSurrogate, SurrogateMarker, StringComparison.Ordinal);
                    return valid with { Body = body };
                });
            }
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(TenantClient tenant, string method, string template, ValidRequest request)
    {
        var path = "/api/" + string.Join('/', template.Split('/').Select(segment =>
            segment.StartsWith('{') ? Escape(request.Route[segment.Trim('{', '}')]) : segment));
        if (request.Query.Count > 0)
        {
            path += "?" + string.Join('&', request.Query.Select(p => $"{p.Key}={Escape(p.Value)}"));
        }
        using var message = new HttpRequestMessage(new HttpMethod(method), path);
        if (request.Body.Count > 0)
        {
            var json = request.Body.ToJsonString().Replace(SurrogateMarker, "\\ud800", StringComparison.Ordinal);
            message.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        var client = request.Anonymous ? TestHost.ClientFor(tenant.Http.BaseAddress!.ToString()) : tenant.Http;
        try
        {
            return await client.SendAsync(message);
        }
        finally
        {
            if (request.Anonymous)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Percent-encodes a path or query value; a lone surrogate as the bytes a careless client would send (WTF-8).</summary>
    private static string Escape(string value)
    {
        var parts = value.Split(LoneSurrogate);
        return string.Join("%ED%A0%80", parts.Select(Uri.EscapeDataString));
    }

    /// <summary>The tenant's rows in every table with an organization_id, as text: equal before and after means unchanged.</summary>
    private static async Task<string> TenantRowsAsync(Guid organizationId)
    {
        const string tables = """
            select c.table_name from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = 'public' and c.column_name = 'organization_id' and t.table_type = 'BASE TABLE'
            order by c.table_name
            """;
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        var text = new StringBuilder();
        foreach (var table in await conn.QueryAsync<string>(tables))
        {
            var rows = await conn.QueryAsync<string>(
                $"select t::text from {table} t where organization_id = @OrganizationId order by 1", new { OrganizationId = organizationId });
            text.Append(table).Append(": ").AppendJoin('\n', rows).Append('\n');
        }
        return text.ToString();
    }

    private static IEnumerable<string> RouteKeys() =>
        FunctionMetadata.Load(AppContext.BaseDirectory)
            .Where(function => function.IsHttp && !function.Route!.Contains("{*", StringComparison.Ordinal))
            .SelectMany(function => function.Methods.Select(method => $"{method} {function.Route}"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    private static (string Method, string Template) Split(string route) => (route[..route.IndexOf(' ')], route[(route.IndexOf(' ') + 1)..]);

    private static JsonObject Autosave(string sessionId) => new()
    {
        ["sessionId"] = sessionId,
        ["stage"] = "organizerSetup",
        ["data"] = new StagePayloads().Organizer,
        ["currentStage"] = "eventSetup",
    };

    /// <summary>A request that succeeds: path parameters, query, JSON body; <see cref="FreeText"/> names body fields that take any text.</summary>
    private sealed record ValidRequest
    {
        public Dictionary<string, string> Route { get; init; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Query { get; init; } = new(StringComparer.Ordinal);
        public JsonObject Body { get; init; } = [];
        public string[] FreeText { get; init; } = [];
        public bool Anonymous { get; init; }
    }
}
