namespace EventWizard.Shared.Data;

/// <summary>A migration that must not run: fix the scripts as the message says.</summary>
public sealed class MigrationException(string message) : Exception(message);
