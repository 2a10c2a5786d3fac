using System.Net;

namespace EventWizard.Bench.PublishLoad;

/// <summary>The client-side latencies and statuses of a load run.</summary>
public sealed record LoadRun(TimeSpan Elapsed, List<double> LatenciesMs, Dictionary<HttpStatusCode, int> Statuses);
