namespace EventWizard.Shared.Copilot;

/// <summary>What a copilot turn came to; mapped to HTTP in one place (<see cref="CopilotResults"/>).</summary>
public sealed record CopilotOutcome(CopilotOutcomeKind Kind, CopilotReply? Reply = null, string? SessionStatus = null,
    TimeSpan? RetryAfter = null)
{
    public static CopilotOutcome Answered(CopilotReply reply) => new(CopilotOutcomeKind.Answered, reply);

    public static readonly CopilotOutcome NotConfigured = new(CopilotOutcomeKind.NotConfigured);

    public static readonly CopilotOutcome SessionNotFound = new(CopilotOutcomeKind.SessionNotFound);

    public static CopilotOutcome SessionClosed(string status) => new(CopilotOutcomeKind.SessionClosed, SessionStatus: status);

    /// <summary>The organization's tokens for today are spent; <see cref="RetryAfter"/> is the time until they renew.</summary>
    public static CopilotOutcome BudgetExhausted(TimeSpan retryAfter) => new(CopilotOutcomeKind.BudgetExhausted, RetryAfter: retryAfter);

    /// <summary>The model failed or timed out after the retries; the user's turn is recorded.</summary>
    public static readonly CopilotOutcome ModelUnavailable = new(CopilotOutcomeKind.ModelUnavailable);
}
