using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EventWizard.DevHost;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Contract;

/// <summary>
/// Each operation asks for a token exactly when the document says so (its <c>security</c>): without one a secured
/// operation answers 401 and an anonymous one answers without; with a token that names no organization, 403. The
/// responses go through the contract check too, so every operation's 401 and 403 are held to the document.
/// </summary>
public sealed class OpenApiSecurityTests
{
    public static TheoryData<string, string> Operations() => Data(ContractDocument.Served.Operations());

    public static TheoryData<string, string> SecuredOperations() =>
        Data(ContractDocument.Served.Operations().Where(o => IsSecured(o.Method, o.Path)));

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Without_a_token_an_operation_answers_401_exactly_when_the_document_secures_it(string method, string path)
    {
        using var client = await TestHost.AnonymousClientAsync();

        var response = await client.SendAsync(Request(method, path));

        if (IsSecured(method, path))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        else
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(SecuredOperations))]
    public async Task With_a_token_of_no_organization_a_secured_operation_answers_403(string method, string path)
    {
        using var client = await TestHost.AnonymousClientAsync();
        var token = DevTokens.Create(TestHost.SigningKey, TestHost.Issuer, TestHost.Audience,
            new Dictionary<string, object> { ["sub"] = Guid.NewGuid().ToString() }, TimeSpan.FromMinutes(5));
        var request = Request(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static TheoryData<string, string> Data(IEnumerable<(string Path, string Method, System.Text.Json.JsonElement Operation)> operations)
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, method, _) in operations)
        {
            data.Add(method, path);
        }
        return data;
    }

    private static bool IsSecured(string method, string path)
    {
        var document = ContractDocument.Served;
        var (operation, _) = document.OperationOf(path, method)!.Value;
        var security = operation.TryGetProperty("security", out var own) ? own : document.Root.GetProperty("security");
        return security.GetArrayLength() > 0;
    }

    /// <summary>A request to the operation with made-up path parameters and, where it takes one, an empty JSON object body.</summary>
    private static HttpRequestMessage Request(string method, string path)
    {
        var url = path.Replace("{sessionId}", "contract-check-session", StringComparison.Ordinal)
            .Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{slug}", "no-such-event", StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        return request;
    }
}
