using System.Text.Json;
using EventWizard.Shared.Auth;
using EventWizard.Shared.Data;
using EventWizard.Shared.Hosting;
using EventWizard.Shared.Observability;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EventWizard.Shared.Http;

/// <summary>
/// The one boundary every HTTP function goes through, under the DevHost and the Functions host alike: the
/// request id (<c>X-Request-Id</c>, as <c>XRequestId</c> in the log scope of everything the request logs), the CORS headers,
/// authentication, reading and parsing the request (path, query, JSON body) before a route's handler sees it, and what
/// no route should answer itself: the database being down (503), a body the HTTP
/// layer could not read (4xx), the client going away, and unexpected exceptions (logged, 500 without internals).
/// When telemetry is on, the request's span and its 412 count (<see cref="RequestTelemetry"/>).
/// </summary>
public sealed class ApiHandler(JwtAuthenticator authenticator, CorsPolicy cors, RouteTable routes, ILogger<ApiHandler> logger)
{
    /// <summary>
    /// Authenticates, then answers with <paramref name="handle"/>. A <paramref name="pathProblem"/> (a malformed id in
    /// the path, found by the function) is the answer instead, after authentication and before anything else.
    /// </summary>
    public Task<IResult> Authenticated(HttpRequest request, Func<Caller, Task<IResult>> handle, Problem? pathProblem = null) =>
        Guarded(request, async () =>
        {
            var auth = await authenticator.AuthenticateAsync(request);
            if (auth.Caller is null)
            {
                return auth.Problem!;
            }
            RequestTelemetry.Identify(auth.Caller);
            return pathProblem is not null ? pathProblem.ToResult() : await handle(auth.Caller);
        });

    /// <summary>
    /// As <see cref="Authenticated(HttpRequest, Func{Caller, Task{IResult}}, Problem?)"/>, with what the route reads from
    /// its query or headers parsed by <paramref name="parse"/> (a request type's <c>Parse</c>) first: its problem is
    /// the answer, else <paramref name="handle"/>'s with the parsed input.
    /// </summary>
    public Task<IResult> Authenticated<TInput>(HttpRequest request, Func<(TInput? Input, Problem? Problem)> parse,
        Func<Caller, TInput, Task<IResult>> handle, Problem? pathProblem = null) where TInput : class =>
        Authenticated(request, caller => parse() switch
        {
            (_, { } problem) => Task.FromResult<IResult>(problem.ToResult()),
            var (input, _) => handle(caller, input!),
        }, pathProblem);

    /// <summary>
    /// As <see cref="Authenticated(HttpRequest, Func{Caller, Task{IResult}}, Problem?)"/>, with the JSON body read
    /// (<see cref="JsonBody.ReadObjectAsync"/>; an empty one as <c>{}</c> when <paramref name="allowEmptyBody"/>) and
    /// parsed by <paramref name="parse"/> (the request type's <c>Parse</c>) first: a problem with either is the answer,
    /// else <paramref name="handle"/>'s with the parsed request.
    /// </summary>
    public Task<IResult> Authenticated<TBody>(HttpRequest request, Func<JsonElement, (TBody? Body, Problem? Problem)> parse,
        Func<Caller, TBody, Task<IResult>> handle, CancellationToken ct, Problem? pathProblem = null, bool allowEmptyBody = false)
        where TBody : class =>
        Authenticated(request, async caller =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct, allowEmptyBody);
            if (body.Problem is not null)
            {
                return body.Problem.ToResult();
            }
            var (parsed, problem) = parse(body.Body);
            return problem is not null ? problem.ToResult() : await handle(caller, parsed!);
        }, pathProblem);

    public Task<IResult> Anonymous(HttpRequest request, Func<Task<IResult>> handle) => Guarded(request, handle);

    public Task<IResult> Anonymous(HttpRequest request, Func<IResult> handle) => Guarded(request, () => Task.FromResult(handle()));

    // Telemetry off (no exporter) takes the plain path: no span, no extra state machine per request.
    private Task<IResult> Guarded(HttpRequest request, Func<Task<IResult>> handle) =>
        RequestTelemetry.IsOn ? ObservedAsync(request, handle) : AnswerAsync(request, handle);

    private async Task<IResult> ObservedAsync(HttpRequest request, Func<Task<IResult>> handle)
    {
        using var span = RequestTelemetry.Start(request, routes);
        return RequestTelemetry.End(span, request, routes, await AnswerAsync(request, handle));
    }

    private async Task<IResult> AnswerAsync(HttpRequest request, Func<Task<IResult>> handle)
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
            RequestTelemetry.Failed(ex);
            logger.LogWarning(ex, "Database unavailable for {Method} {Path}", request.Method, request.Path);
            return Unstarted(context, Problems.DatabaseUnavailable().ToResult().WithHeader("Retry-After", "5"));
        }
        catch (Exception ex)
        {
            RequestTelemetry.Failed(ex);
            logger.LogError(ex, "Unhandled error for {Method} {Path}", request.Method, request.Path);
            return Unstarted(context, Problems.Internal().ToResult());
        }
    }

    /// <summary>
    /// The problem, unless a streamed response (the copilot's server-sent events) had already begun: its status is
    /// sent, so the connection is cut instead and the client sees the stream end without its last event.
    /// </summary>
    private static IResult Unstarted(HttpContext context, IResult problem)
    {
        if (!context.Response.HasStarted)
        {
            return problem;
        }
        context.Abort();
        return Results.Empty;
    }

    private static bool IsClientGone(Exception exception, HttpContext context) =>
        context.RequestAborted.IsCancellationRequested
        && exception is OperationCanceledException or ConnectionResetException or IOException;
}
