using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using EventWizard.Bench.PublishLoad;

// Publish latency for distinct sessions at a fixed number of connections, then the time until 50 concurrent
// duplicates of one publish (same key, and 50 different keys) are all answered. Run by bench/publish.sh.
var options = BenchOptions.Parse(args);
var loadBefore = LoadAverage();
var seeder = new SessionSeeder(options);
var runId = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture) + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);

Console.WriteLine($"Preparing {options.Warmup + options.Sessions} complete sessions across {options.Tenants} tenants...");
var warmup = await seeder.CreateAsync($"w{runId}", options.Warmup);
var measured = await seeder.CreateAsync($"m{runId}", options.Sessions);
var single = await seeder.CreateAsync($"s{runId}", options.Single);
var cpu = new CpuMeter(options.ServerPid, options.PostmasterPid);

using var client = Clients.Create(options.BaseUrl, options.Connections);
Console.WriteLine($"Warm-up: {warmup.Count} publishes at {options.Connections} connections, then ANALYZE...");
var warmupRun = await Load.RunAsync(client, warmup, options.Connections);
await seeder.AnalyzeAsync();

Console.WriteLine($"Measuring: {measured.Count} publishes of distinct sessions at {options.Connections} connections...");
var cpuBefore = cpu.Read();
var run = await Load.RunAsync(client, measured, options.Connections);
var cpuAfter = cpu.Read();
var latencies = run.LatenciesMs.Order().ToArray();
var serverMs = await seeder.ExecutionTimesAsync($"m{runId}");
var serverCpuMs = (cpuAfter.Server - cpuBefore.Server).TotalMilliseconds / latencies.Length;
var postgresCpuMs = (cpuAfter.Postgres - cpuBefore.Postgres).TotalMilliseconds / latencies.Length;
var clientCpuMs = (cpuAfter.Client - cpuBefore.Client).TotalMilliseconds / latencies.Length;

Console.WriteLine($"Measuring: {single.Count} publishes one at a time (1 connection)...");
using var singleClient = Clients.Create(options.BaseUrl, 1);
var singleRun = await Load.RunAsync(singleClient, single, 1);
var singleLatencies = singleRun.LatenciesMs.Order().ToArray();

using var burstClient = Clients.Create(options.BaseUrl, 64);
await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => burstClient.GetAsync("/api/health")));
var sameKey = new List<Burst>();
var differentKeys = new List<Burst>();
for (var round = 0; round < options.BurstRounds; round++)
{
    var sessions = await seeder.CreateAsync($"d{runId}r{round}", 2);
    sameKey.Add(await Load.BurstAsync(burstClient, sessions[0], 50, sameKey: true));
    differentKeys.Add(await Load.BurstAsync(burstClient, sessions[1], 50, sameKey: false));
    foreach (var session in sessions)
    {
        var events = await seeder.EventCountAsync(session);
        if (events != 1)
        {
            throw new InvalidOperationException(
                $"Session {session.SessionId} has {events} events after the burst (statuses {Describe(sameKey[^1].Statuses)} / {Describe(differentKeys[^1].Statuses)}).");
        }
    }
}

var report = $"""
    Publish benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, server {options.BaseUrl})
    Machine load average (1 min) before: {loadBefore}, after: {LoadAverage()}
    Warm-up (not measured; the runtime compiles its hot code meanwhile): {warmup.Count} publishes in {warmupRun.Elapsed.TotalSeconds:F1} s ({warmup.Count / warmupRun.Elapsed.TotalSeconds:F0} publishes/s), then ANALYZE
    Distinct sessions: {latencies.Length} publishes at {options.Connections} connections in {run.Elapsed.TotalSeconds:F1} s ({latencies.Length / run.Elapsed.TotalSeconds:F0} publishes/s)
      statuses: {Describe(run.Statuses)}
      client latency ms: p50 {Percentile(latencies, 50):F2}  p90 {Percentile(latencies, 90):F2}  p99 {Percentile(latencies, 99):F2}  max {latencies[^1]:F2}
      server execution_time_ms (wizard_actions): p50 {serverMs.P50:F0}  p99 {serverMs.P99:F0}  max {serverMs.Max:F0}
      CPU per publish: {(cpu.Enabled ? $"DevHost {serverCpuMs:F2} ms + PostgreSQL {postgresCpuMs:F2} ms (so at most ~{Environment.ProcessorCount * 1000 / (serverCpuMs + postgresCpuMs):F0} publishes/s on {Environment.ProcessorCount} idle cores); this load generator {clientCpuMs:F2} ms on the same cores" : "n/a")}
    One at a time (1 connection): {singleLatencies.Length} publishes, statuses {Describe(singleRun.Statuses)}
      client latency ms: p50 {Percentile(singleLatencies, 50):F2}  p90 {Percentile(singleLatencies, 90):F2}  p99 {Percentile(singleLatencies, 99):F2}  max {singleLatencies[^1]:F2}
    50 concurrent duplicates, {options.BurstRounds} rounds each (time until all 50 are answered):
      same key:       {string.Join("  ", sameKey.Select(b => $"{b.Elapsed.TotalMilliseconds:F0} ms"))}  (median {Median(sameKey):F0} ms)  statuses: {Describe(Merge(sameKey))}
      different keys: {string.Join("  ", differentKeys.Select(b => $"{b.Elapsed.TotalMilliseconds:F0} ms"))}  (median {Median(differentKeys):F0} ms)  statuses: {Describe(Merge(differentKeys))}
      every duplicated session has exactly one event
    Targets: publish p99 < 50 ms at 8 connections: {(Percentile(latencies, 99) < 50 ? "met" : "MISSED")}; duplicates all answered within 2 s: {(sameKey.Concat(differentKeys).All(b => b.Elapsed < TimeSpan.FromSeconds(2)) ? "met" : "MISSED")}
    """;
Console.WriteLine();
Console.WriteLine(report);
if (options.ReportFile is { } file)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    await File.WriteAllTextAsync(file, report + Environment.NewLine);
}
return run.Statuses.Keys.Concat(singleRun.Statuses.Keys).All(s => s == HttpStatusCode.Created) ? 0 : 1;

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static double Percentile(double[] sorted, double p) =>
    sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

static double Median(List<Burst> bursts) =>
    Percentile([.. bursts.Select(b => b.Elapsed.TotalMilliseconds).Order()], 50);

static Dictionary<HttpStatusCode, int> Merge(List<Burst> bursts) =>
    bursts.SelectMany(b => b.Statuses).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));

static string Describe(Dictionary<HttpStatusCode, int> statuses) =>
    string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{(int)kv.Key} x{kv.Value}"));
