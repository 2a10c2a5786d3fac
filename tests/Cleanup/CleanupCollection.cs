namespace EventWizard.Tests.Cleanup;

/// <summary>
/// Cleanup tests that run on the shared test database go one at a time: a run holds the cleanup lock of
/// that database, and a second run at the same moment would be skipped. Tests that a run would disturb go with
/// them: ListSessionsTests leave sessions lapsed and page the expired list, and a run's mark (a change: it moves
/// updated_at) sends those sessions to the front of the list between two pages.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CleanupCollection
{
    public const string Name = "Cleanup on the shared database";
}
