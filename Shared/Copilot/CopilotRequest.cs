using System.Text.Json;
using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;

namespace EventWizard.Shared.Copilot;

/// <summary>POST /api/wizard-session/{sessionId}/copilot: <c>{ message (1..4,000 characters), stage? }</c>.</summary>
public sealed record CopilotRequest(string Message, string? Stage)
{
    public const int MaxMessageLength = 4_000;

    public static (CopilotRequest? Request, Problem? Problem) Parse(JsonElement body)
    {
        var fields = new RequestFields(body, "message", "stage");
        var message = fields.String("message", MaxMessageLength, (field, value) => BlankText.IsBlank(value)
            ? new FieldIssue(field, "required", "message must not be empty.") : null);
        fields.Require("message", "message is required (what the organizer asks the copilot).");
        var stageName = fields.String("stage", maxLength: 100);
        if (fields.HasIssues)
        {
            return (null, fields.Problem());
        }
        var stage = WizardStages.Resolve(stageName);
        if (stageName is not null && stage is null)
        {
            return (null, SessionProblems.UnknownStage("stage", stageName));
        }
        return (new CopilotRequest(message!, stage), null);
    }
}
