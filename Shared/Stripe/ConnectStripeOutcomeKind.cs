namespace EventWizard.Shared.Stripe;

/// <summary>How a connect-stripe request ended.</summary>
public enum ConnectStripeOutcomeKind
{
    /// <summary>200: the account's id is in the session and the answer carries a fresh onboarding link.</summary>
    Connected,

    /// <summary>200 with Idempotent-Replayed: the same key already got this answer.</summary>
    Replayed,

    /// <summary>404: no such session, also when it was deleted while Stripe was being called.</summary>
    SessionNotFound,

    /// <summary>409 with the session's status (completed, abandoned or expired).</summary>
    SessionClosed,

    /// <summary>422: the key was used for a different request.</summary>
    KeyReused,

    /// <summary>409 with Retry-After: a request with the key is still running.</summary>
    InProgress,

    /// <summary>503: no Stripe secret key on this server.</summary>
    StripeNotConfigured,

    /// <summary>502: Stripe refused or failed; its message is recorded on the action.</summary>
    StripeError,
}
