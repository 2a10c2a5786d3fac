using System.Text.Json;
using EventWizard.Shared.Http;

namespace EventWizard.Shared.Sessions;

/// <summary>POST /api/wizard-session: <c>{ "sessionId"?: string }</c>; the body may be empty.</summary>
public sealed record CreateSessionRequest(string? SessionId)
{
    public static (CreateSessionRequest? Request, Problem? Problem) Parse(JsonElement body)
    {
        var fields = new RequestFields(body, "sessionId");
        var sessionId = fields.String("sessionId", SessionIds.Check);
        return fields.HasIssues ? (null, fields.Problem()) : (new CreateSessionRequest(sessionId), null);
    }
}
