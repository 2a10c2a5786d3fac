namespace EventWizard.Tests.Observability;

/// <summary>
/// The telemetry tests run alone, after the parallel collections: an exporter listens to every source and meter of
/// its name in the process, so another test's requests at the same moment would move the counters these tests read.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryHostFixture>
{
    public const string Name = "Telemetry (alone)";
}
