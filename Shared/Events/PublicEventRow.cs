namespace EventWizard.Shared.Events;

/// <summary>A published event as the anonymous route returns it: the shared fields only, no user_id, stripe_account_id or source_session_id.</summary>
public sealed class PublicEventRow : EventFields;
