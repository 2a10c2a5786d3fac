using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Http;

/// <summary>A JSON response with the API's serializer settings and optional extra headers.</summary>
public sealed class JsonResult(object? body, int statusCode = StatusCodes.Status200OK,
    string contentType = "application/json; charset=utf-8") : IResult, IStatusCodeHttpResult
{
    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;
    public object? Body { get; } = body;
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public JsonResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }
        if (Body is null)
        {
            return;
        }
        response.ContentType = contentType;
        // A problem names its request, so a user's screenshot of an error leads to the logs and traces.
        var body = Body is Problem problem ? problem with { TraceId = RequestIds.Of(httpContext) } : Body;
        await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), ApiJson.Options, httpContext.RequestAborted);
    }
}
