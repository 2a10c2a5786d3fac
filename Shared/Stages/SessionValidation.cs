using System.Text.Json;

namespace EventWizard.Shared.Stages;

/// <summary>The validation of a whole session: issues per data stage and the derived completed stages.</summary>
public sealed record SessionValidation(IReadOnlyDictionary<string, IReadOnlyList<StageIssue>> Issues)
{
    /// <summary>Data stages without issues, in wizard order.</summary>
    public IReadOnlyList<string> CompletedStages =>
        [.. WizardStages.DataStages.Where(stage => !Issues.ContainsKey(stage))];

    public bool IsComplete => Issues.Count == 0;

    /// <summary>Validates every data stage; with <paramref name="includeCrossStage"/>, also the cross-stage rules.</summary>
    public static SessionValidation Of(StageValidator validator, Func<string, JsonElement> payloadOf, bool includeCrossStage)
    {
        var issues = new Dictionary<string, IReadOnlyList<StageIssue>>(StringComparer.Ordinal);
        foreach (var stage in WizardStages.DataStages)
        {
            var stageIssues = validator.Validate(stage, payloadOf(stage)).ToList();
            if (includeCrossStage && stage == WizardStages.Payment)
            {
                stageIssues.AddRange(StageValidator.CrossStage(payloadOf(WizardStages.Ticket), payloadOf(WizardStages.Payment)));
            }
            if (stageIssues.Count > 0)
            {
                issues[stage] = stageIssues;
            }
        }
        return new SessionValidation(issues);
    }

    /// <summary>Errors keyed <c>"&lt;stage&gt;.&lt;field&gt;"</c>, as publish reports them.</summary>
    public IReadOnlyDictionary<string, string[]> ToErrors() =>
        Issues.SelectMany(stage => stage.Value.Select(issue => (Key: $"{stage.Key}.{issue.Field}", issue.Message)))
            .GroupBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
}
