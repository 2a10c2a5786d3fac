namespace EventWizard.Shared.Publishing;

/// <summary>How a publish request ended.</summary>
public enum PublishOutcomeKind
{
    /// <summary>201: this request published the event.</summary>
    Created,

    /// <summary>200 with Idempotent-Replayed: the same key already published it.</summary>
    Replayed,

    /// <summary>200: the session was already published (under another key).</summary>
    AlreadyPublished,

    SessionNotFound,
    SessionClosed,
    SessionIncomplete,
    KeyReused,
    InProgress,

    /// <summary>422: paid tiers, but the Stripe account cannot take payments yet.</summary>
    StripeAccountNotReady,

    /// <summary>502: Stripe could not be asked whether the account can take payments.</summary>
    StripeError,

    /// <summary>200 from the dry run (publish-check): whether publish would go through, and what stops it.</summary>
    Checked,
}
