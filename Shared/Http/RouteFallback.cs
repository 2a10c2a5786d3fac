using EventWizard.Shared.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EventWizard.Shared.Http;

/// <summary>
/// What answers a request no function takes (each app's catch-all <c>Fallback</c> function, which both hosts try
/// last): OPTIONS on a route is its CORS preflight; a known route with another method gets 405 with
/// <c>Allow</c>; anything else 404. All of it problem+json, the same under the DevHost and the Functions host.
/// </summary>
public sealed class RouteFallback(RouteTable routes, CorsPolicy cors)
{
    public IResult Answer(HttpRequest request)
    {
        var methods = routes.MethodsOf(request.Path);
        if (methods is null)
        {
            return Problems.NotFound(request.Path).ToResult();
        }
        if (HttpMethods.IsOptions(request.Method))
        {
            return cors.Preflight(request, methods);
        }
        return Problems.MethodNotAllowed(request.Method, request.Path).ToResult()
            .WithHeader(HeaderNames.Allow, CorsPolicy.AllowHeader(methods));
    }
}
