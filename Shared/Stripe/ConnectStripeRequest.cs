using System.Text.Json;
using EventWizard.Shared.Actions;
using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using Microsoft.Extensions.Primitives;

namespace EventWizard.Shared.Stripe;

/// <summary>
/// The body of POST /api/connect-stripe, <c>{ sessionId, returnUrl, refreshUrl, idempotencyKey? }</c> (a closed shape,
/// https URLs), with the key resolved as publish resolves it: the <c>Idempotency-Key</c> header wins over the body;
/// without either, a fresh server key (each call is its own request).
/// </summary>
public sealed record ConnectStripeRequest(string SessionId, string ReturnUrl, string RefreshUrl, IdempotencyKey Key)
{
    public const int MaxUrlLength = 2048;

    public static (ConnectStripeRequest? Request, Problem? Problem) Parse(JsonElement body, StringValues keyHeader)
    {
        var fields = new RequestFields(body, "sessionId", "returnUrl", "refreshUrl", IdempotencyKey.BodyField);
        var sessionId = fields.String("sessionId", SessionIds.Check);
        var returnUrl = fields.String("returnUrl", MaxUrlLength, HttpsUrls.Check);
        var refreshUrl = fields.String("refreshUrl", MaxUrlLength, HttpsUrls.Check);
        fields.Require("sessionId");
        fields.Require("returnUrl");
        fields.Require("refreshUrl");
        var key = IdempotencyKey.Read(fields, keyHeader, $"connect:{sessionId}:{Guid.NewGuid():N}");
        return fields.HasIssues ? (null, fields.Problem()) : (new ConnectStripeRequest(sessionId!, returnUrl!, refreshUrl!, key!), null);
    }
}
