using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Contract;

/// <summary>
/// Checks every response a test receives against the OpenAPI document (<see cref="ResponseContract"/>) and throws
/// <see cref="ContractViolationException"/> from the call that received a response the document does not allow, so
/// the test that caused it fails with the operation, the status and what is wrong.
/// </summary>
public sealed class ContractCheckingHandler(ContractDocument document) : DelegatingHandler(new HttpClientHandler())
{
    private readonly ResponseContract contract = new(document);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri!.AbsolutePath.StartsWith("/admin/", StringComparison.OrdinalIgnoreCase))
        {
            return response; // The host's admin endpoint (POST /admin/functions/Cleanup) is not part of the API.
        }
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        if ((int)response.StatusCode >= 500)
        {
            ServerErrors.Record(request, response);
        }
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var violations = contract.Check(request.Method, request.RequestUri, response, body);
        if (violations.Count > 0)
        {
            response.Dispose();
            throw new ContractViolationException(violations);
        }
        return response;
    }
}
