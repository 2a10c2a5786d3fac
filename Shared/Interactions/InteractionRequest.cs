using System.Text.Json;
using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;

namespace EventWizard.Shared.Interactions;

/// <summary>
/// POST /api/wizard-session/{sessionId}/interactions: <c>{ role, stage?, text? (&lt;= 32 KiB), tokensUsed?,
/// model? (&lt;= 100), latencyMs?, csat? (1..5) }</c>.
/// </summary>
public sealed record InteractionRequest(string Role, string? Stage, string? Text, int? TokensUsed, string? Model, int? LatencyMs, int? Csat)
{
    public const int MaxTextBytes = 32 * 1024;
    public const int MaxModelLength = 100;
    private static readonly string[] Roles = ["user", "assistant", "system"];

    public static (InteractionRequest? Request, Problem? Problem) Parse(JsonElement body)
    {
        var fields = new RequestFields(body, "role", "stage", "text", "tokensUsed", "model", "latencyMs", "csat");
        var role = fields.String("role", maxLength: 20, (field, value) => Roles.Contains(value, StringComparer.Ordinal)
            ? null : new FieldIssue(field, "invalid_value", "role must be user, assistant or system."));
        fields.Require("role", "role is required (user, assistant or system).");
        var stageName = fields.String("stage", maxLength: 100);
        var text = fields.Text("text", MaxTextBytes);
        var tokensUsed = fields.Integer("tokensUsed", 0, int.MaxValue);
        var model = fields.String("model", MaxModelLength);
        var latencyMs = fields.Integer("latencyMs", 0, int.MaxValue);
        var csat = fields.Integer("csat", 1, 5);
        if (fields.HasIssues)
        {
            return (null, fields.Problem());
        }
        var stage = WizardStages.Resolve(stageName);
        if (stageName is not null && stage is null)
        {
            return (null, SessionProblems.UnknownStage("stage", stageName));
        }
        return (new InteractionRequest(role!, stage, text, tokensUsed, model, latencyMs, csat), null);
    }
}
