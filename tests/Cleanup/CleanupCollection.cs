namespace EventWizard.Tests.Cleanup;

/// <summary>
/// Cleanup tests that run on the shared test database go one at a time: a run holds the cleanup lock of
/// that database, and a second run at the same moment would be skipped.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CleanupCollection
{
    public const string Name = "Cleanup on the shared database";
}
