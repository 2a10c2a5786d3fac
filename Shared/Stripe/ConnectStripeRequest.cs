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
        var bodyKey = fields.String(IdempotencyKey.BodyField, IdempotencyKey.Check);
        fields.Require("sessionId");
        fields.Require("returnUrl");
        fields.Require("refreshUrl");
        if (fields.HasIssues)
        {
            return (null, fields.Problem());
        }
        var (key, keyIssue) = IdempotencyKey.Resolve(keyHeader, bodyKey, $"connect:{sessionId}:{Guid.NewGuid():N}");
        return keyIssue is not null
            ? (null, Problems.Validation([keyIssue], keyIssue.Message))
            : (new ConnectStripeRequest(sessionId!, returnUrl!, refreshUrl!, key!), null);
    }
}
