using System.Text.Json;
using EventWizard.Shared.Stages;
using Microsoft.Extensions.AI;

namespace EventWizard.Shared.Copilot;

/// <summary>
/// The model's only tools: one <c>save_&lt;stage&gt;</c> declaration per data stage, whose parameters are that stage's
/// JSON Schema (<see cref="StageSchemas"/>, the document of <c>GET /api/wizard-stages</c>). Declarations only: nothing
/// runs when the model calls one; each call becomes a proposal.
/// </summary>
public static class CopilotTools
{
    private const string Prefix = "save_";

    public static readonly IReadOnlyList<AITool> All = [.. StageDefinitions.All.Select(Declaration)];

    public static string NameOf(string dataStage) => Prefix + dataStage;

    /// <summary>The data stage a tool name saves; null for any other name.</summary>
    public static string? StageOf(string toolName) =>
        toolName.StartsWith(Prefix, StringComparison.Ordinal) && toolName[Prefix.Length..] is var stage && WizardStages.IsDataStage(stage)
            ? stage
            : null;

    private static AIFunctionDeclaration Declaration(StageDefinition stage) =>
        AIFunctionFactory.CreateDeclaration(NameOf(stage.Name),
            $"Propose the whole {stage.Name} payload ({stage.Description}). It replaces the stage's data if the organizer accepts it; " +
            "include the fields already entered that should stay.",
            JsonSerializer.SerializeToElement(StageSchemas.For(stage)), returnJsonSchema: null);
}
