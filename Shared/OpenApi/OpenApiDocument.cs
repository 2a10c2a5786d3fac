using EventWizard.Shared.Http;

namespace EventWizard.Shared.OpenApi;

/// <summary>
/// The API's OpenAPI 3.1 document, docs/openapi.json, embedded in this library so that every app serves the same
/// document at GET /api/openapi.json, byte for byte: a strong ETag of its bytes, <c>Cache-Control: public</c>, 304 for
/// If-None-Match. As <c>application/json</c> rather than <c>application/vnd.oai.openapi+json</c>: browsers show it
/// instead of downloading it, and the OpenAPI tools (openapi-typescript, Redocly, Swagger UI) read it as JSON.
/// </summary>
public sealed class OpenApiDocument
{
    public const string ResourceName = "openapi.json";

    /// <summary>It changes only with a deployment: an hour keeps a stale copy short-lived, and revalidating costs a 304.</summary>
    public const string CacheControl = "public, max-age=3600";

    public OpenApiDocument()
    {
        Bytes = Read();
        Response = new StaticJsonResponse(Bytes, CacheControl);
    }

    /// <summary>The document's bytes, exactly as docs/openapi.json holds them.</summary>
    public byte[] Bytes { get; }

    public StaticJsonResponse Response { get; }

    private static byte[] Read()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} (docs/openapi.json) is missing from Shared.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
