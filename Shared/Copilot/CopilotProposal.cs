using System.Text.Json;
using EventWizard.Shared.Http;

namespace EventWizard.Shared.Copilot;

/// <summary>
/// Stage data the model proposed through a <c>save_&lt;stage&gt;</c> tool, with the issues the stage rules find in it.
/// Never applied by the copilot: the client shows it, and applies it with a normal autosave when the organizer accepts.
/// </summary>
public sealed record CopilotProposal(string Stage, JsonElement Data, IReadOnlyList<FieldIssue> Issues);
