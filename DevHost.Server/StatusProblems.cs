using EventWizard.Shared.Http;

namespace EventWizard.DevHost;

/// <summary>The problem for a status the server answers with on its own, not a function: Kestrel's rejections, status-only responses.</summary>
public static class StatusProblems
{
    public static Problem Of(int status) => status switch
    {
        StatusCodes.Status400BadRequest => Problem.Of(status, "bad_request", "Bad request",
            "The request is not valid HTTP/1.1 (request line, headers, Host or framing) and was not read."),
        StatusCodes.Status408RequestTimeout => Problem.Of(status, "request_timeout", "Request timeout",
            "The request did not arrive in time."),
        StatusCodes.Status413PayloadTooLarge => Problems.UnreadableBody(status),
        StatusCodes.Status414UriTooLong => Problem.Of(status, "uri_too_long", "URI too long",
            "The request line (method, path and query) is over the server's limit."),
        StatusCodes.Status431RequestHeaderFieldsTooLarge => Problem.Of(status, "request_headers_too_large", "Request headers too large",
            "The request headers are over the server's limits (total size or number of headers)."),
        StatusCodes.Status505HttpVersionNotsupported => Problem.Of(status, "http_version_not_supported", "HTTP version not supported",
            "Send HTTP/1.1."),
        _ => Problem.Of(status, "http_" + status, "HTTP " + status, $"The request ended with status {status}."),
    };
}
