using System.Diagnostics;
using EventWizard.Shared.Data;
using EventWizard.Shared.Hosting;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Observability;

/// <summary>
/// The request span <see cref="Http.ApiHandler"/> opens around every HTTP function, under the DevHost and the
/// Functions host alike (there a child of the worker's invocation span): named <c>{METHOD} {route template}</c>,
/// with the route, the status code and, once authenticated, the organization id.
/// </summary>
public static class RequestTelemetry
{
    /// <summary>Whether anything records requests; when not, the boundary skips this class altogether.</summary>
    public static bool IsOn => WizardTelemetry.Source.HasListeners() || WizardMetrics.PreconditionFailed.Enabled;

    public static Activity? Start(HttpRequest request, RouteTable routes)
    {
        if (!WizardTelemetry.Source.HasListeners())
        {
            return null;
        }
        var route = RouteOf(request, routes);
        var span = WizardTelemetry.Source.StartActivity($"{request.Method} {route}", ActivityKind.Internal);
        span?.SetTag(TelemetryTags.Method, request.Method).SetTag(TelemetryTags.Route, route);
        return span;
    }

    /// <summary>Puts the caller's organization on the request span (the current one, when it is ours).</summary>
    public static void Identify(Caller caller)
    {
        if (Activity.Current is { } span && ReferenceEquals(span.Source, WizardTelemetry.Source))
        {
            span.SetTag(TelemetryTags.OrganizationId, caller.OrganizationId.ToString());
        }
    }

    /// <summary>Names the exception type (never its message) on the request span when the request failed with one.</summary>
    public static void Failed(Exception exception)
    {
        if (Activity.Current is { } span && ReferenceEquals(span.Source, WizardTelemetry.Source))
        {
            span.SetTag(TelemetryTags.ErrorType, exception.GetType().FullName);
        }
    }

    /// <summary>Records the answer's status on the span (5xx as an error) and counts a 412; returns the answer.</summary>
    public static IResult End(Activity? span, HttpRequest request, RouteTable routes, IResult result)
    {
        var status = (result as IStatusCodeHttpResult)?.StatusCode;
        if (span is not null && status is { } code)
        {
            span.SetTag(TelemetryTags.StatusCode, code);
            if (code >= StatusCodes.Status500InternalServerError)
            {
                span.SetStatus(ActivityStatusCode.Error);
            }
        }
        if (status == StatusCodes.Status412PreconditionFailed && WizardMetrics.PreconditionFailed.Enabled)
        {
            WizardMetrics.PreconditionFailed.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Route, RouteOf(request, routes)));
        }
        return result;
    }

    /// <summary>The route template the path matched (<c>/api/wizard-session/{sessionId}</c>), never the path itself.</summary>
    private static string RouteOf(HttpRequest request, RouteTable routes) => routes.TemplateOf(request.Path) ?? "(unmatched)";
}
