using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Http;

/// <summary>
/// A JSON body fixed for the life of the process: serialized once and tagged once with a strong ETag (a hash of its
/// bytes), served with <c>Cache-Control</c>; a request whose <c>If-None-Match</c> names the tag gets 304 without it.
/// </summary>
public sealed class StaticJsonResponse
{
    // The body is served as application/json and never embedded in HTML, so characters such as ' + < & stay as they
    // are instead of \u0027-style escapes: the regex patterns in it read as written.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string cacheControl;

    public StaticJsonResponse(JsonNode body, string cacheControl)
        : this(JsonSerializer.SerializeToUtf8Bytes(body, Compact), cacheControl)
    {
    }

    /// <summary>A body that is JSON already, served byte for byte.</summary>
    public StaticJsonResponse(byte[] body, string cacheControl)
    {
        Body = body;
        ETag = EntityTags.Quote(Convert.ToHexStringLower(SHA256.HashData(Body), 0, 16));
        this.cacheControl = cacheControl;
    }

    public byte[] Body { get; }

    public string ETag { get; }

    /// <summary>200 with the body, or 304 when <paramref name="ifNoneMatch"/> names <see cref="ETag"/>; both carry ETag and Cache-Control.</summary>
    public IResult Respond(string? ifNoneMatch) => new Result(this, EntityTags.Matches(ifNoneMatch, ETag));

    private sealed class Result(StaticJsonResponse response, bool notModified) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => notModified ? StatusCodes.Status304NotModified : StatusCodes.Status200OK;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var http = httpContext.Response;
            http.Headers.ETag = response.ETag;
            http.Headers.CacheControl = response.cacheControl;
            if (notModified)
            {
                http.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            http.StatusCode = StatusCodes.Status200OK;
            http.ContentType = "application/json; charset=utf-8";
            http.ContentLength = response.Body.Length;
            await http.Body.WriteAsync(response.Body, httpContext.RequestAborted);
        }
    }
}
