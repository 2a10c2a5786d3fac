namespace EventWizard.Shared.Data;

/// <summary>A migration that must not run, or did not: the message says what to do.</summary>
public sealed class MigrationException(string message, Exception? innerException = null) : Exception(message, innerException);
