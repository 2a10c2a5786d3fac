namespace EventWizard.Shared.Copilot;

/// <summary>The model's stream failed after part of its reply reached the client: not retried (the client would see it twice).</summary>
public sealed class CopilotStreamBrokenException(Exception inner)
    : Exception("The model's reply stream failed after it had begun.", inner);
