using EventWizard.Shared.Auth;
using EventWizard.Shared.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWizard.Shared.Http;

/// <summary>
/// The one place where a function's outcome meets HTTP concerns every route shares: authentication,
/// the database being down (503) and unexpected exceptions (logged, 500 without internals).
/// </summary>
public sealed class ApiHandler(JwtAuthenticator authenticator, ILogger<ApiHandler> logger)
{
    public async Task<IResult> Authenticated(HttpRequest request, Func<Caller, Task<IResult>> handle)
    {
        return await Guarded(request, async () =>
        {
            var auth = await authenticator.AuthenticateAsync(request);
            return auth.Caller is null ? auth.Problem! : await handle(auth.Caller);
        });
    }

    public Task<IResult> Anonymous(HttpRequest request, Func<Task<IResult>> handle) => Guarded(request, handle);

    private async Task<IResult> Guarded(HttpRequest request, Func<Task<IResult>> handle)
    {
        try
        {
            return await handle();
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
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
}
