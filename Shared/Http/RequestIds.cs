using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace EventWizard.Shared.Http;

/// <summary>
/// <c>X-Request-Id</c>: the client's own value when it sent one valid id (1 to 128 printable ASCII characters),
/// else the W3C trace id of the request. Decided once per request, sent on the response and kept for problem
/// bodies (<c>traceId</c>) and the request's log scope.
/// </summary>
public static class RequestIds
{
    public const string Header = "X-Request-Id";
    public const int MaxLength = 128;

    private static readonly object ItemKey = new();

    /// <summary>The request's id; the first call decides it and puts it on the response.</summary>
    public static string Of(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var known) && known is string id)
        {
            return id;
        }
        id = Decide(context.Request);
        context.Items[ItemKey] = id;
        if (!context.Response.HasStarted)
        {
            context.Response.Headers[Header] = id;
        }
        return id;
    }

    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && id.All(c => c is >= ' ' and <= '~');

    private static string Decide(HttpRequest request)
    {
        var sent = request.Headers[Header];
        if (sent.Count == 1 && IsValid(sent[0]))
        {
            return sent[0]!;
        }
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            return activity.TraceId.ToHexString();
        }
        return ActivityContext.TryParse(request.Headers.TraceParent, null, out var parent)
            ? parent.TraceId.ToHexString()
            : ActivityTraceId.CreateRandom().ToHexString();
    }
}
