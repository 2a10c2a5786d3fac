using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EventWizard.Shared.Http;

/// <summary>
/// CORS for the browser frontend, the same under the DevHost and the Functions host (api.md, Browser clients):
/// which origins may call, the headers on every response, and the answer to a preflight. No credentials mode:
/// tokens travel in Authorization, never in cookies.
/// </summary>
public sealed partial class CorsPolicy
{
    public const string AllowedHeaders =
        "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id, apikey, x-client-info";

    public const string ExposedHeaders = "ETag, Location, Idempotent-Replayed, Retry-After, X-Request-Id";

    public const string MaxAgeSeconds = "600";

    private readonly bool allowAny;
    private readonly List<OriginRule> rules;

    public CorsPolicy(IOptions<CorsOptions> options)
    {
        var (allowAny, rules, error) = ParseAllowedOrigins(options.Value.AllowedOrigins);
        if (error is not null)
        {
            throw new InvalidOperationException(error);
        }
        this.allowAny = allowAny;
        this.rules = rules;
    }

    /// <summary>
    /// The rules of a <c>Cors__AllowedOrigins</c> value, or the error that names what is wrong with it. Entries:
    /// <c>*</c>, an origin (<c>https://wizard.example.com</c>, <c>http://localhost:5173</c>), or an origin whose
    /// port is <c>*</c> (any port, or none).
    /// </summary>
    public static (bool AllowAny, List<OriginRule> Rules, string? Error) ParseAllowedOrigins(string? setting)
    {
        var rules = new List<OriginRule>();
        var allowAny = false;
        foreach (var entry in (setting ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry == "*")
            {
                allowAny = true;
                continue;
            }
            var match = RulePattern().Match(entry);
            if (!match.Success)
            {
                return (false, [], $"Cors__AllowedOrigins: '{entry}' is not an origin. Give scheme://host[:port] (http or https, " +
                    "no path), an origin with the port * (http://localhost:*), or *; separate entries with commas.");
            }
            rules.Add(new OriginRule(match.Groups["scheme"].Value.ToLowerInvariant(), match.Groups["host"].Value.ToLowerInvariant(),
                match.Groups["port"].Success ? match.Groups["port"].Value : null));
        }
        return (allowAny, rules, null);
    }

    /// <summary>Whether a request from <paramref name="origin"/> (the Origin header) may be answered with CORS headers.</summary>
    public bool Allows(string? origin)
    {
        if (string.IsNullOrEmpty(origin))
        {
            return false;
        }
        if (allowAny)
        {
            return true;
        }
        var match = OriginPattern().Match(origin);
        if (!match.Success)
        {
            return false;
        }
        var scheme = match.Groups["scheme"].Value.ToLowerInvariant();
        var host = match.Groups["host"].Value.ToLowerInvariant();
        var port = match.Groups["port"].Success ? match.Groups["port"].Value : null;
        return rules.Any(rule => rule.Scheme == scheme && rule.Host == host && (rule.Port == "*" || rule.Port == port));
    }

    /// <summary>
    /// The CORS headers of an actual (not preflight) response: <c>Vary: Origin</c> always (the answer depends on it),
    /// and for an allowed origin its <c>Access-Control-Allow-Origin</c> and the headers a page may read.
    /// </summary>
    public void ApplyTo(HttpContext context)
    {
        var response = context.Response;
        response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        var origin = SingleOrigin(context.Request);
        if (origin is not null && Allows(origin))
        {
            response.Headers.AccessControlAllowOrigin = origin;
            response.Headers.AccessControlExposeHeaders = ExposedHeaders;
        }
    }

    /// <summary>
    /// The answer to <c>OPTIONS</c> on a route with <paramref name="methods"/>: a preflight from an allowed origin gets
    /// 204 with the route's methods and the allowed headers; from another origin 403 <c>origin_not_allowed</c>. A plain
    /// OPTIONS (no Origin or no Access-Control-Request-Method) gets 204 with <c>Allow</c>.
    /// </summary>
    public IResult Preflight(HttpRequest request, IReadOnlyList<string> methods)
    {
        var origin = SingleOrigin(request);
        if (origin is null || !request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
        {
            return new JsonResult(null, StatusCodes.Status204NoContent).WithHeader(HeaderNames.Allow, AllowHeader(methods));
        }
        if (!Allows(origin))
        {
            return Problem.Of(StatusCodes.Status403Forbidden, "origin_not_allowed", "Origin not allowed",
                $"Cross-origin calls from {Shorten(origin)} are not allowed. Add the origin to the Cors__AllowedOrigins setting.").ToResult();
        }
        return new JsonResult(null, StatusCodes.Status204NoContent)
            .WithHeader(HeaderNames.AccessControlAllowMethods, string.Join(", ", methods))
            .WithHeader(HeaderNames.AccessControlAllowHeaders, AllowedHeaders)
            .WithHeader(HeaderNames.AccessControlMaxAge, MaxAgeSeconds);
    }

    /// <summary>The <c>Allow</c> header of a route: its methods and OPTIONS, which every route answers.</summary>
    public static string AllowHeader(IReadOnlyList<string> methods) =>
        string.Join(", ", methods.Append(HttpMethods.Options).Distinct(StringComparer.OrdinalIgnoreCase));

    private static string? SingleOrigin(HttpRequest request) =>
        request.Headers.Origin is { Count: 1 } origin ? origin[0] : null;

    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "…";

    /// <summary>One entry of Cors__AllowedOrigins; <see cref="Port"/> null for the scheme's default port, <c>*</c> for any.</summary>
    public sealed record OriginRule(string Scheme, string Host, string? Port);

    [GeneratedRegex(@"\A(?<scheme>https?)://(?<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:(?<port>[0-9]{1,5}|\*))?/?\z")]
    private static partial Regex RulePattern();

    [GeneratedRegex(@"\A(?<scheme>https?)://(?<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:(?<port>[0-9]{1,5}))?\z")]
    private static partial Regex OriginPattern();
}
