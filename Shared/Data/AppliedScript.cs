namespace EventWizard.Shared.Data;

/// <summary>One row of schema_migrations: a script the migrator applied.</summary>
internal sealed record AppliedScript(int Version, string Name, string Checksum);
