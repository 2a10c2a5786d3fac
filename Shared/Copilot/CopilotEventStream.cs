using System.Text;
using System.Text.Json;
using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace EventWizard.Shared.Copilot;

/// <summary>
/// A copilot turn as server-sent events, for a request that accepts <c>text/event-stream</c>: <c>delta</c> events
/// (<c>{"text": …}</c>) as the model writes, then one <c>done</c> event with the whole body, or one <c>error</c> event
/// with a problem when the model fails after the stream began. The response starts (200) with the first event, so
/// everything decided before it (404, 409, 429, a model that fails at once) is an ordinary problem response.
/// Each event is flushed: it reaches the client under the DevHost and through the Functions host's ASP.NET Core
/// integration alike.
/// </summary>
public sealed class CopilotEventStream
{
    public const string MediaType = "text/event-stream";

    private readonly HttpResponse response;

    private CopilotEventStream(HttpResponse response) => this.response = response;

    /// <summary>A stream when the request's Accept names <c>text/event-stream</c>; null for a plain JSON answer.</summary>
    public static CopilotEventStream? For(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase))
            ? new CopilotEventStream(request.HttpContext.Response)
            : null;

    public bool Started { get; private set; }

    public Task DeltaAsync(string text, CancellationToken ct) => WriteAsync("delta", new { text }, ct);

    public Task DoneAsync(CopilotReply reply, CancellationToken ct) => WriteAsync("done", reply, ct);

    public Task ErrorAsync(Problem problem, CancellationToken ct) =>
        WriteAsync("error", problem with { TraceId = RequestIds.Of(response.HttpContext) }, ct);

    private async Task WriteAsync(string name, object data, CancellationToken ct)
    {
        if (!Started)
        {
            Started = true;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = MediaType + "; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        }
        var text = $"event: {name}\ndata: {JsonSerializer.Serialize(data, data.GetType(), ApiJson.Options)}\n\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await response.Body.FlushAsync(ct);
    }
}
