using EventWizard.Shared.Auth;
using EventWizard.Shared.Data;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EventWizard.Shared.Http;

/// <summary>
/// The one boundary every HTTP function goes through, under the DevHost and the Functions host alike: the
/// request id (<c>X-Request-Id</c>, as <c>XRequestId</c> in the log scope of everything the request logs), the CORS headers,
/// authentication, and what no route should answer itself: the database being down (503), a body the HTTP
/// layer could not read (4xx), the client going away, and unexpected exceptions (logged, 500 without internals).
/// </summary>
public sealed class ApiHandler(JwtAuthenticator authenticator, CorsPolicy cors, ILogger<ApiHandler> logger)
{
    public Task<IResult> Authenticated(HttpRequest request, Func<Caller, Task<IResult>> handle) =>
        Guarded(request, async () =>
        {
            var auth = await authenticator.AuthenticateAsync(request);
            return auth.Caller is null ? auth.Problem! : await handle(auth.Caller);
        });

    public Task<IResult> Anonymous(HttpRequest request, Func<Task<IResult>> handle) => Guarded(request, handle);

    public Task<IResult> Anonymous(HttpRequest request, Func<IResult> handle) => Guarded(request, () => Task.FromResult(handle()));

    private async Task<IResult> Guarded(HttpRequest request, Func<Task<IResult>> handle)
    {
        var context = request.HttpContext;
        var requestId = RequestIds.Of(context);
        cors.ApplyTo(context);
        // Not "RequestId": ASP.NET Core's own request scope already uses that name for its connection-based id.
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["XRequestId"] = requestId });
        try
        {
            return await handle();
        }
        catch (BadHttpRequestException ex)
        {
            // The HTTP layer refused the body (malformed chunking, too slow, too large): the client's fault, not ours.
            logger.LogInformation("Unreadable request body for {Method} {Path}: {Reason}", request.Method, request.Path, ex.Message);
            return Problems.UnreadableBody(ex.StatusCode).ToResult().WithHeader("Connection", "close");
        }
        catch (Exception ex) when (IsClientGone(ex, context))
        {
            logger.LogInformation("The client went away during {Method} {Path}", request.Method, request.Path);
            return Problem.Of(499, "client_closed_request", "Client closed request", "The request was cancelled.").ToResult();
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
        {
            logger.LogWarning(ex, "Database unavailable for {Method} {Path}", request.Method, request.Path);
            return Problems.DatabaseUnavailable().ToResult().WithHeader("Retry-After", "5");
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Unhandled error for {Method} {Path}", request.Method, request.Path);
            return Problems.Internal().ToResult();
        }
    }

    private static bool IsClientGone(Exception exception, HttpContext context) =>
        context.RequestAborted.IsCancellationRequested
        && exception is OperationCanceledException or ConnectionResetException or IOException;
}
