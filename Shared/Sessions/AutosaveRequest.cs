using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EventWizard.Shared.Http;
using EventWizard.Shared.Stages;

namespace EventWizard.Shared.Sessions;

/// <summary>
/// PATCH /api/wizard-session[/{sessionId}]: <c>{ "sessionId", "stage", "data"?, "currentStage"? }</c>, read
/// and checked: stage names resolved (aliases too), data a JSON object of at most 64 KiB once serialized.
/// </summary>
/// <param name="Stage">The canonical stage the request is about; null when only <c>currentStage</c> was sent.</param>
/// <param name="Data">The stage payload as compact JSON text, or null.</param>
/// <param name="CurrentStage">The canonical stage to move to, or null.</param>
public sealed record AutosaveRequest(string SessionId, string? Stage, string? Data, JsonElement? DataElement, string? CurrentStage)
{
    public const int MaxDataBytes = 64 * 1024;

    private static readonly JsonWriterOptions CompactWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Where the wizard should end up: <c>currentStage</c> when given, else <c>stage</c>.</summary>
    public string Target => CurrentStage ?? Stage!;

    public bool MovesExplicitly => CurrentStage is not null;

    public static (AutosaveRequest? Request, Problem? Problem) Parse(JsonElement body, string? pathSessionId)
    {
        var fields = new RequestFields(body, "sessionId", "stage", "data", "currentStage");
        var sessionId = fields.String("sessionId", SessionIds.Check);
        var stageName = fields.String("stage", maxLength: 100);
        var data = fields.Object("data");
        var currentStageName = fields.String("currentStage", maxLength: 100);

        if (pathSessionId is not null)
        {
            if (sessionId is not null && sessionId != pathSessionId)
            {
                fields.Add("sessionId", "mismatch", "sessionId in the body does not match the session id in the path.");
            }
            sessionId = pathSessionId;
        }
        else
        {
            fields.Require("sessionId");
        }
        if (!fields.Has("data") && !fields.Has("currentStage"))
        {
            fields.Add("data", "required", "Send data (the stage's payload), currentStage (where to move), or both.");
        }
        if (fields.Has("data"))
        {
            fields.Require("stage", "stage is required with data.");
        }
        if (fields.HasIssues)
        {
            return (null, fields.Problem());
        }

        var stage = WizardStages.Resolve(stageName);
        if (stageName is not null && stage is null)
        {
            return (null, SessionProblems.UnknownStage("stage", stageName));
        }
        var currentStage = WizardStages.Resolve(currentStageName);
        if (currentStageName is not null && currentStage is null)
        {
            return (null, SessionProblems.UnknownStage("currentStage", currentStageName));
        }

        string? dataJson = null;
        if (data is { } payload)
        {
            var compact = Compact(payload);
            if (compact.Length > MaxDataBytes)
            {
                return (null, SessionProblems.DataTooLarge(MaxDataBytes));
            }
            if (!WizardStages.IsDataStage(stage!))
            {
                return (null, SessionProblems.StageTakesNoData());
            }
            dataJson = Encoding.UTF8.GetString(compact);
        }
        return (new AutosaveRequest(sessionId!, stage, dataJson, data, currentStage), null);
    }

    private static byte[] Compact(JsonElement payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
        {
            payload.WriteTo(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
