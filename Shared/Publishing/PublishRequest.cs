using System.Text.Json;
using EventWizard.Shared.Actions;
using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using Microsoft.Extensions.Primitives;

namespace EventWizard.Shared.Publishing;

/// <summary>
/// The body of POST /api/publish-event, <c>{ sessionId, idempotencyKey? }</c> (a closed shape), with the key
/// resolved: the <c>Idempotency-Key</c> header wins over the body; without either, the server's own
/// <c>publish:&lt;sessionId&gt;</c>.
/// </summary>
public sealed record PublishRequest(string SessionId, IdempotencyKey Key)
{
    public static (PublishRequest? Request, Problem? Problem) Parse(JsonElement body, StringValues keyHeader)
    {
        var fields = new RequestFields(body, "sessionId", IdempotencyKey.BodyField);
        var sessionId = fields.String("sessionId", SessionIds.Check);
        fields.Require("sessionId");
        var key = IdempotencyKey.Read(fields, keyHeader, $"publish:{sessionId}");
        return fields.HasIssues ? (null, fields.Problem()) : (new PublishRequest(sessionId!, key!), null);
    }
}
