using System.Net;

namespace EventWizard.Bench.PublishLoad;

/// <summary>One burst of concurrent duplicates: how long until all were answered, and with what.</summary>
public sealed record Burst(TimeSpan Elapsed, Dictionary<HttpStatusCode, int> Statuses);
