namespace EventWizard.Shared.Copilot;

/// <summary>How a copilot turn ended; <see cref="CopilotResults"/> maps each to its response.</summary>
public enum CopilotOutcomeKind
{
    Answered,
    NotConfigured,
    SessionNotFound,
    SessionClosed,
    BudgetExhausted,
    ModelUnavailable,
}
