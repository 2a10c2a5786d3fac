using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Contract;

/// <summary>
/// The response check fails when the document and the code part: each test breaks a copy of the document the way an
/// edit could (a status, a property, a problem code, a header) and sends a real request the real document allows.
/// </summary>
public sealed class ResponseContractTests
{
    [Fact]
    public async Task The_real_document_allows_the_responses_used_below()
    {
        var (tenant, id) = await SessionAsync();

        var found = await tenant.Http.GetAsync($"/api/wizard-session/{id}");
        var unknown = await tenant.Http.GetAsync("/api/wizard-session/unknown-session");

        Assert.Equal(System.Net.HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_status_the_operation_does_not_declare_fails_the_call()
    {
        var (tenant, _) = await SessionAsync();
        using var client = ClientBrokenBy(tenant, doc => doc["paths"]!["/api/wizard-session/{sessionId}"]!["get"]!["responses"]!.AsObject().Remove("404"));

        var error = await Assert.ThrowsAsync<ContractViolationException>(() => client.GetAsync("/api/wizard-session/unknown-session"));

        Assert.Contains("GET /api/wizard-session/{sessionId} (GetSession) answered 404: the document does not declare status 404", error.Message);
    }

    [Fact]
    public async Task A_renamed_property_fails_the_call()
    {
        var (tenant, id) = await SessionAsync();
        using var client = ClientBrokenBy(tenant, doc =>
        {
            var fields = doc["components"]!["schemas"]!["SessionFields"]!;
            var properties = fields["properties"]!.AsObject();
            var versionSchema = properties["version"]!.DeepClone();
            properties.Remove("version");
            properties["row_version"] = versionSchema;
            var required = fields["required"]!.AsArray();
            required.Remove(required.First(r => r!.GetValue<string>() == "version"));
            required.Add("row_version");
        });

        var error = await Assert.ThrowsAsync<ContractViolationException>(() => client.GetAsync($"/api/wizard-session/{id}"));

        Assert.Contains("GET /api/wizard-session/{sessionId} (GetSession) answered 200: the body does not match", error.Message);
        Assert.Contains("row_version", error.Message);
    }

    [Fact]
    public async Task A_problem_code_the_operation_does_not_list_fails_the_call()
    {
        var (tenant, _) = await SessionAsync();
        using var client = ClientBrokenBy(tenant, doc =>
            doc["components"]!["responses"]!["SessionNotFound"]!["content"]!["application/problem+json"]!["schema"]!["properties"]!["code"]!["enum"] =
                new JsonArray("event_not_found"));

        var error = await Assert.ThrowsAsync<ContractViolationException>(() => client.GetAsync("/api/wizard-session/unknown-session"));

        Assert.Contains("answered 404: problem code 'session_not_found' is not listed for it (listed: event_not_found)", error.Message);
    }

    [Fact]
    public async Task A_required_header_that_is_missing_fails_the_call()
    {
        var (tenant, id) = await SessionAsync();
        using var client = ClientBrokenBy(tenant, doc =>
            doc["paths"]!["/api/wizard-session/{sessionId}"]!["get"]!["responses"]!["200"]!["headers"]!["Location"] =
                new JsonObject { ["$ref"] = "#/components/headers/Location" });

        var error = await Assert.ThrowsAsync<ContractViolationException>(() => client.GetAsync($"/api/wizard-session/{id}"));

        Assert.Contains("GET /api/wizard-session/{sessionId} (GetSession) answered 200: required header Location is missing.", error.Message);
    }

    private static async Task<(TenantClient Tenant, string SessionId)> SessionAsync()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        return (tenant, id);
    }

    /// <summary>A client of the tenant whose responses are checked against a copy of the document that <paramref name="breakIt"/> changed.</summary>
    private static HttpClient ClientBrokenBy(TenantClient tenant, Action<JsonNode> breakIt)
    {
        var document = JsonNode.Parse(ContractDocument.Served.Root.GetRawText())!;
        breakIt(document);
        var broken = ContractDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(document));
        return new HttpClient(new ContractCheckingHandler(broken))
        {
            BaseAddress = tenant.Http.BaseAddress,
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", tenant.Token) },
        };
    }
}
