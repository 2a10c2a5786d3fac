using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventWizard.Shared.Http;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;
using Microsoft.Extensions.AI;

namespace EventWizard.Shared.Copilot;

/// <summary>
/// What the model is sent for one turn: a short system prompt for the stage with the session's payloads and issues
/// (compact JSON), then the organizer's message. docs/copilot.md shows it and what it costs.
/// </summary>
public static class CopilotPrompt
{
    // Text for a model, not a page: no HTML escaping, so a quote or an accent costs one token, not six characters.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<ChatMessage> For(string stage, SessionRow session, SessionValidation validation, string message,
        DateOnly today) =>
    [
        new(ChatRole.System, SystemText(stage, session, validation, today)),
        new(ChatRole.User, message),
    ];

    public static string SystemText(string stage, SessionRow session, SessionValidation validation, DateOnly today) =>
        $"""
        You are the Event Wizard copilot: you help an organizer set up an event, one wizard stage at a time.
        The organizer is on stage {stage}: {StageSummary(stage)}
        To suggest data, call save_<stage> with the whole payload of that stage (keep the fields already entered that should stay). A call is only shown to the organizer as a proposal; never say that anything was saved. Ask when something you need is missing; never invent contact details, prices or dates. Answer briefly, in the organizer's language.
        Today (UTC): {today:yyyy-MM-dd}.
        Session data: {Payloads(session)}
        Open issues: {Issues(validation)}
        """;

    private static string StageSummary(string stage) =>
        WizardStages.IsDataStage(stage) ? StageDefinitions.Of(stage).Description
            : "review every stage and publish; point out what is still missing.";

    private static string Payloads(SessionRow session) =>
        new JsonObject(WizardStages.DataStages.Select(stage =>
            KeyValuePair.Create(stage, JsonSerializer.SerializeToNode(session.PayloadOf(stage))))).ToJsonString(Compact);

    private static string Issues(SessionValidation validation) =>
        validation.IsComplete ? "none" : JsonSerializer.Serialize(validation.AllIssues().Select(Line), Compact);

    private static string Line(FieldIssue issue) => $"{issue.Field}: {issue.Message}";
}
