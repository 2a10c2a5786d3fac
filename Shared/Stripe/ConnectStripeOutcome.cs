namespace EventWizard.Shared.Stripe;

/// <summary>The outcome of a connect-stripe request, mapped to HTTP in <see cref="ConnectStripeResults"/>.</summary>
public sealed record ConnectStripeOutcome(ConnectStripeOutcomeKind Kind)
{
    /// <summary>The answer of a connected or replayed request.</summary>
    public ConnectStripeResult? Result { get; init; }
    public string? SessionStatus { get; init; }
    public string? StripeMessage { get; init; }

    public static ConnectStripeOutcome Connected(ConnectStripeResult result) => new(ConnectStripeOutcomeKind.Connected) { Result = result };
    public static ConnectStripeOutcome Replayed(ConnectStripeResult result) => new(ConnectStripeOutcomeKind.Replayed) { Result = result };
    public static ConnectStripeOutcome Closed(string status) => new(ConnectStripeOutcomeKind.SessionClosed) { SessionStatus = status };
    public static ConnectStripeOutcome StripeFailed(string message) => new(ConnectStripeOutcomeKind.StripeError) { StripeMessage = message };
    public static readonly ConnectStripeOutcome NotFound = new(ConnectStripeOutcomeKind.SessionNotFound);
    public static readonly ConnectStripeOutcome KeyReused = new(ConnectStripeOutcomeKind.KeyReused);
    public static readonly ConnectStripeOutcome InProgress = new(ConnectStripeOutcomeKind.InProgress);
    public static readonly ConnectStripeOutcome NotConfigured = new(ConnectStripeOutcomeKind.StripeNotConfigured);
}
