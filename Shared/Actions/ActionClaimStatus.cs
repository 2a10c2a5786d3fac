namespace EventWizard.Shared.Actions;

/// <summary>What claiming an idempotency key found.</summary>
public enum ActionClaimStatus
{
    /// <summary>The key is ours: the action row was inserted (in_progress) in the caller's transaction.</summary>
    Claimed,

    /// <summary>The same request with this key already completed: answer with its stored result.</summary>
    Completed,

    /// <summary>The key belongs to another request (another fingerprint): 422 idempotency_key_reused.</summary>
    KeyReused,

    /// <summary>The same request holds the key but has not completed (in_progress, pending, cancelled): 409.</summary>
    InProgress,

    /// <summary>The session does not exist in the caller's organization.</summary>
    SessionNotFound,
}
