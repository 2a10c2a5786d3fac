using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Http;

/// <summary>The problems every route shares. Feature-specific ones sit beside their feature.</summary>
public static class Problems
{
    public static Problem Unauthorized(string detail) =>
        Problem.Of(StatusCodes.Status401Unauthorized, "unauthorized", "Unauthorized", detail);

    public static Problem NoOrganization() =>
        Problem.Of(StatusCodes.Status403Forbidden, "no_organization", "No organization",
            "The token is valid but carries no organization id (a UUID) in its organization claim.");

    public static Problem MalformedJson(string detail) =>
        Problem.Of(StatusCodes.Status400BadRequest, "malformed_json", "Malformed JSON", detail);

    public static Problem InvalidBody(string detail) =>
        Problem.Of(StatusCodes.Status400BadRequest, "invalid_body", "Invalid request body", detail);

    /// <summary>
    /// 400 <c>validation_failed</c> listing <paramref name="issues"/>. The detail is the issue's own message when there
    /// is one, so a field answers in the same words wherever it came from (path, query, header or body).
    /// </summary>
    public static Problem Validation(IReadOnlyList<FieldIssue> issues) =>
        Problem.Of(StatusCodes.Status400BadRequest, "validation_failed", "Validation failed",
                issues.Count == 1 ? issues[0].Message : $"The request has {issues.Count} invalid fields, each in issues.")
            .WithIssues(issues);

    public static Problem Validation(string field, string code, string message) =>
        Validation([new FieldIssue(field, code, message)]);

    /// <summary>The HTTP layer could not read the body: malformed framing (400), too slow (408), too large (413).</summary>
    public static Problem UnreadableBody(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => Problem.Of(status, "request_timeout", "Request timeout",
            "The request body did not arrive in time."),
        StatusCodes.Status413PayloadTooLarge => Problem.Of(status, "payload_too_large", "Payload too large",
            "The request body is too large."),
        _ => Problem.Of(StatusCodes.Status400BadRequest, "unreadable_body", "Unreadable request body",
            "The request body could not be read (for example malformed chunked encoding)."),
    };

    public static Problem PayloadTooLarge(int limitBytes) =>
        Problem.Of(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "Payload too large",
            $"The request body is over {limitBytes / 1024} KiB.");

    public static Problem UnsupportedMediaType() =>
        Problem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Unsupported media type",
            "Send the body as application/json in UTF-8.");

    public static Problem NotFound(string path) =>
        Problem.Of(StatusCodes.Status404NotFound, "not_found", "Not found", $"No route matches {Shorten(path)}.");

    public static Problem MethodNotAllowed(string method, string path) =>
        Problem.Of(StatusCodes.Status405MethodNotAllowed, "method_not_allowed", "Method not allowed",
            $"{Shorten(method)} is not allowed on {Shorten(path)}; Allow lists the methods that are.");

    public static Problem DatabaseUnavailable() =>
        Problem.Of(StatusCodes.Status503ServiceUnavailable, "database_unavailable", "Database unavailable",
            "The database cannot be reached right now. Try again shortly.");

    public static Problem Internal() =>
        Problem.Of(StatusCodes.Status500InternalServerError, "internal_error", "Internal error",
            "Something went wrong on our side. It has been logged.");

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
