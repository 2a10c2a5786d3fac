using System.Net;
using System.Text;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Sessions;

/// <summary>Every kind of bad input gets its 4xx problem, and the stored session is untouched afterwards.</summary>
public sealed class AutosaveBadInputTests
{
    private const string Id = "{id}";

    public static TheoryData<string, string, string, int, string> Cases()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);
        var bigPayload = new string('x', 70 * 1024);
        var hugeBody = new string('x', 300 * 1024);
        return new()
        {
            { "malformed JSON", "/api/wizard-session", """{"sessionId":"{id}","stage":"organizer","data":{""", 400, "malformed_json" },
            { "trailing garbage", "/api/wizard-session", """{"sessionId":"{id}","stage":"organizer","data":{}} x""", 400, "malformed_json" },
            { "array body", "/api/wizard-session", """[{"sessionId":"{id}","stage":"organizer","data":{}}]""", 400, "invalid_body" },
            { "string body", "/api/wizard-session", "\"hello\"", 400, "invalid_body" },
            { "empty body", "/api/wizard-session", "", 400, "invalid_body" },
            { "data is an array", "/api/wizard-session", """{"sessionId":"{id}","stage":"organizer","data":[1,2]}""", 400, "validation_failed" },
            { "data is a string", "/api/wizard-session", """{"sessionId":"{id}","stage":"organizer","data":"{}"}""", 400, "validation_failed" },
            { "data is a number", "/api/wizard-session", """{"sessionId":"{id}","stage":"organizer","data":5}""", 400, "validation_failed" },
            { "sessionId is a number", "/api/wizard-session", """{"sessionId":12345678,"stage":"organizer","data":{}}""", 400, "validation_failed" },
            { "stage is a number", "/api/wizard-session", """{"sessionId":"{id}","stage":1,"data":{}}""", 400, "validation_failed" },
            { "stage is an object", "/api/wizard-session", """{"sessionId":"{id}","stage":{},"data":{}}""", 400, "validation_failed" },
            { "currentStage is a boolean", "/api/wizard-session", """{"sessionId":"{id}","currentStage":true}""", 400, "validation_failed" },
            { "NUL in data", "/api/wizard-session", """{"sessionId":"{id}","stage":"organizer","data":{"name":"a\u0000b"}}""", 400, "validation_failed" },
            { "NUL in a data key", "/api/wizard-session", """{"sessionId":"{id}","stage":"organizer","data":{"na\u0000me":"a"}}""", 400, "validation_failed" },
            { "NUL in sessionId", "/api/wizard-session", """{"sessionId":"{id}\u0000","stage":"organizer","data":{}}""", 400, "validation_failed" },
            { "lone surrogate in data", "/api/wizard-session", """{"sessionId":"{id}","stage":"organizer","data":{"name":"\ud800"}}""", 400, "validation_failed" },
            { "number beyond numeric", "/api/wizard-session", """{"sessionId":"{id}","stage":"organizer","data":{"n":1e1000000}}""", 400, "invalid_data" },
            { "over-long stage", "/api/wizard-session", "{\"sessionId\":\"{id}\",\"stage\":\"" + new string('s', 500) + "\",\"data\":{}}", 400, "validation_failed" },
            { "over-long sessionId", "/api/wizard-session", "{\"sessionId\":\"" + new string('a', 129) + "\",\"stage\":\"organizer\",\"data\":{}}", 400, "validation_failed" },
            { "body over 256 KiB", "/api/wizard-session", "{\"sessionId\":\"{id}\",\"stage\":\"organizer\",\"data\":{\"x\":\"" + hugeBody + "\"}}", 413, "payload_too_large" },
            { "stage payload over 64 KiB", "/api/wizard-session", "{\"sessionId\":\"{id}\",\"stage\":\"organizer\",\"data\":{\"x\":\"" + bigPayload + "\"}}", 413, "payload_too_large" },
            { "nesting deeper than 32", "/api/wizard-session", "{\"sessionId\":\"{id}\",\"stage\":\"organizer\",\"data\":" + deep + "}", 400, "too_deep" },
            { "unknown stage", "/api/wizard-session", """{"sessionId":"{id}","stage":"billing","data":{}}""", 400, "unknown_stage" },
            { "unknown stage by case", "/api/wizard-session", """{"sessionId":"{id}","stage":"OrganizerSetup","data":{}}""", 400, "unknown_stage" },
            { "unknown currentStage", "/api/wizard-session", """{"sessionId":"{id}","currentStage":"done"}""", 400, "unknown_stage" },
            { "id too short", "/api/wizard-session", """{"sessionId":"abc","stage":"organizer","data":{}}""", 400, "validation_failed" },
            { "id with bad characters", "/api/wizard-session", """{"sessionId":"abc def/ghi","stage":"organizer","data":{}}""", 400, "validation_failed" },
            { "id with SQL injection", "/api/wizard-session", """{"sessionId":"x' or '1'='1","stage":"organizer","data":{}}""", 400, "validation_failed" },
            { "stage with SQL injection", "/api/wizard-session", """{"sessionId":"{id}","stage":"organizer_data = '{}', version = 1 --","data":{}}""", 400, "unknown_stage" },
            { "unknown field", "/api/wizard-session", """{"sessionId":"{id}","stage":"organizer","data":{},"version":99}""", 400, "validation_failed" },
            { "field given twice", "/api/wizard-session", """{"sessionId":"{id}","stage":"organizer","stage":"event","data":{}}""", 400, "validation_failed" },
            { "missing sessionId", "/api/wizard-session", """{"stage":"organizer","data":{}}""", 400, "validation_failed" },
            { "data without stage", "/api/wizard-session", """{"sessionId":"{id}","data":{}}""", 400, "validation_failed" },
            { "path id too short", "/api/wizard-session/short", """{"stage":"organizer","data":{}}""", 400, "validation_failed" },
            { "path id with SQL injection", "/api/wizard-session/x'%20or%20'1'%3D'1", """{"stage":"organizer","data":{}}""", 400, "validation_failed" },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_refused_and_leaves_the_session_unchanged(string name, string path, string body, int status, string code)
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        await PatchOkAsync(tenant, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });
        var before = await StoredAsync(tenant.OrganizationId, id);

        var request = new HttpRequestMessage(HttpMethod.Patch, path.Replace(Id, id, StringComparison.Ordinal))
        {
            Content = new StringContent(body.Replace(Id, id, StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        var response = await tenant.Http.SendAsync(request);

        Assert.True(status == (int)response.StatusCode, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(code, await ProblemCodeAsync(response));
        Assert.Equal(before, await StoredAsync(tenant.OrganizationId, id));
        Assert.Equal(0, await InteractionCountAsync(tenant.OrganizationId, id));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task A_body_that_is_not_json_is_415_and_leaves_the_session_unchanged(string contentType)
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        var before = await StoredAsync(tenant.OrganizationId, id);

        var request = new HttpRequestMessage(HttpMethod.Patch, "/api/wizard-session")
        {
            Content = Raw("{\"sessionId\":\"" + id + "\",\"stage\":\"organizer\",\"data\":{\"name\":\"x\"}}", contentType),
        };
        var response = await tenant.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", await ProblemCodeAsync(response));
        Assert.Equal(before, await StoredAsync(tenant.OrganizationId, id));
    }

    [Fact]
    public async Task A_stage_payload_just_under_64_KiB_is_stored()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        var filler = new string('x', (64 * 1024) - """{"x":""}""".Length);

        var response = await PatchAsync(tenant, new { sessionId = id, stage = "organizer", data = new { x = filler } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"sessionId":5}""")]
    [InlineData("""{"sessionId":"short"}""")]
    [InlineData("""{"sessionId":"x' or '1'='1"}""")]
    [InlineData("""{"sessionId":"okay-id-123","extra":true}""")]
    [InlineData("""[]""")]
    [InlineData("""{"sessionId":"a\u0000bcdefghi"}""")]
    public async Task Create_refuses_bad_bodies_with_400_and_creates_nothing(string body)
    {
        var tenant = await TestHost.NewTenantAsync();

        var response = await tenant.Http.PostAsync("/api/wizard-session", Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var list = await JsonAsync(await tenant.Http.GetAsync("/api/wizard-session"));
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }
}
