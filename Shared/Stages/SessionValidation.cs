using EventWizard.Shared.Http;
using System.Text.Json;

namespace EventWizard.Shared.Stages;

/// <summary>The validation of a whole session: issues per data stage and the derived completed stages.</summary>
public sealed record SessionValidation(IReadOnlyDictionary<string, IReadOnlyList<FieldIssue>> Issues)
{
    /// <summary>Data stages without issues, in wizard order.</summary>
    public IReadOnlyList<string> CompletedStages =>
        [.. WizardStages.DataStages.Where(stage => !Issues.ContainsKey(stage))];

    public bool IsComplete => Issues.Count == 0;

    /// <summary>
    /// Validates every data stage, the cross-stage rule included: a paid tier without payment enabled with an
    /// account is an issue of paymentSetup as soon as it applies, so that stage is not complete.
    /// </summary>
    public static SessionValidation Of(StageValidator validator, Func<string, JsonElement> payloadOf)
    {
        var issues = new Dictionary<string, IReadOnlyList<FieldIssue>>(StringComparer.Ordinal);
        foreach (var stage in WizardStages.DataStages)
        {
            var stageIssues = validator.Validate(stage, payloadOf(stage)).ToList();
            if (stage == WizardStages.Payment)
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

    /// <summary>Every issue, its field under its stage (<c>eventSetup.date</c>), in wizard order, as publish reports them.</summary>
    public IReadOnlyList<FieldIssue> AllIssues(IEnumerable<string>? stages = null) =>
        [.. (stages ?? WizardStages.DataStages).Where(Issues.ContainsKey).SelectMany(stage => Issues[stage].Select(issue => issue.Under(stage)))];
}
