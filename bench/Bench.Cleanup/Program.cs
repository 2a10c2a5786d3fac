using System.Diagnostics;
using System.Globalization;
using Dapper;
using EventWizard.Bench.Cleanup;
using EventWizard.Shared.Cleanup;
using EventWizard.Shared.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

// bench/cleanup.sh drives this: `migrate <owner>` brings the schema up to date; `run <runtime> <owner>`
// runs one full cleanup through the production CleanupRunner (runtime role, default settings), then
// checks with the owner that nothing due is left.
if (args is ["migrate", var ownerForMigration])
{
    var version = await new Migrator(LoggerFactory.Create(_ => { }).CreateLogger<Migrator>())
        .MigrateAsync(ownerForMigration, CancellationToken.None);
    Console.WriteLine($"Migrated to version {version}.");
    return 0;
}
if (args is not ["run", var runtimeConnectionString, var ownerConnectionString])
{
    Console.Error.WriteLine("usage: Bench.Cleanup migrate <owner connection string> | run <runtime connection string> <owner connection string>");
    return 2;
}

var timings = new BatchTimings();
using var loggers = LoggerFactory.Create(logging => logging
    .AddSimpleConsole(o => o.SingleLine = true)
    .AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(level => level >= LogLevel.Information)
    .AddProvider(timings)
    .SetMinimumLevel(LogLevel.Debug));
await using var runtime = NpgsqlDataSource.Create(runtimeConnectionString);
var settings = new CleanupOptions();
var runner = new CleanupRunner(runtime, Options.Create(settings), TimeProvider.System, loggers.CreateLogger<CleanupRunner>());

await using var owner = NpgsqlDataSource.Create(ownerConnectionString);
await using var conn = await owner.OpenConnectionAsync();
var walBefore = await conn.ExecuteScalarAsync<string>("select pg_current_wal_lsn()::text");
var loadBefore = LoadAverage();

var watch = Stopwatch.StartNew();
var report = await runner.RunAsync(CancellationToken.None);
watch.Stop();
loggers.Dispose();

var loadAfter = LoadAverage();
var walBytes = await conn.ExecuteScalarAsync<long>("select pg_wal_lsn_diff(pg_current_wal_lsn(), @walBefore::pg_lsn)::bigint", new { walBefore });
// The runner's connection went back to the (otherwise empty) pool: this is the backend that did the work.
int backend;
await using (var probe = await runtime.OpenConnectionAsync())
{
    backend = probe.ProcessID;
}
var backendCpu = BackendCpuSeconds(backend);
var left = await conn.QuerySingleAsync<Leftovers>("""
    select
        (select count(*) from wizard_sessions where status = 'in_progress' and expires_at < now() - interval '5 minutes') as expirable,
        (select count(*) from wizard_interactions where redacted_at is null
             and (expires_at < now() - interval '5 minutes' or created_at < now() - @InteractionRetention - interval '5 minutes')) as redactable,
        (select count(*) from wizard_sessions where status in ('expired', 'abandoned')
             and updated_at < now() - @ClosedSessionRetention - interval '5 minutes') as deletable,
        (select count(*) from wizard_actions where status = 'in_progress' and updated_at < now() - @ActionLease - interval '5 minutes') as releasable,
        (select count(*) from events) as events,
        (select count(*) from wizard_sessions where status = 'completed') as completedsessions
    """, new { settings.InteractionRetention, settings.ClosedSessionRetention, settings.ActionLease });

string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
Console.WriteLine($"""

    Cleanup benchmark: one full run, default settings (batch {settings.BatchSize}, budget {settings.TimeBudget})
      sessions expired        {N(report.SessionsExpired),10}
      sessions deleted        {N(report.SessionsDeleted),10}   (their interactions and actions by cascade)
      interactions redacted   {N(report.InteractionsRedacted),10}
      actions released        {N(report.ActionsReleased),10}
      completed               {report.Completed,10}
      total time              {N(watch.ElapsedMilliseconds),10} ms   (target < 90,000 ms)
      longest statement       {N(report.LongestStatementMs),10} ms   (target < 1,000 ms)
      server CPU (backend)    {backendCpu,10:F1} s    WAL written {walBytes / 1048576.0:N0} MB
      load average            {loadBefore} at the start, {loadAfter} at the end ({Environment.ProcessorCount} CPUs)
    {StepTable(timings)}
    Left due afterwards: {left.Expirable} to expire, {left.Redactable} to redact, {left.Deletable} to delete, {left.Releasable} to release.
    Untouched: {N(left.Events)} events, {N(left.CompletedSessions)} completed sessions.
    """);
var ok = report.Completed && left is { Expirable: 0, Redactable: 0, Deletable: 0, Releasable: 0 }
    && watch.ElapsedMilliseconds < 90_000 && report.LongestStatementMs < 1_000;
Console.WriteLine(ok ? "Targets met." : "TARGETS MISSED.");
return ok ? 0 : 1;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "?";

// utime + stime of a local server process, from /proc (clock ticks of 1/100 s).
static double BackendCpuSeconds(int pid)
{
    var path = $"/proc/{pid}/stat";
    if (!File.Exists(path))
    {
        return double.NaN;
    }
    var stat = File.ReadAllText(path);
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

static string StepTable(BatchTimings timings)
{
    var lines = new List<string> { "per step:                    rows  batches   total ms  median ms  p95 ms  max ms (batch #)" };
    foreach (var step in timings.Batches.GroupBy(b => b.Step))
    {
        var inOrder = step.Select(b => b.Ms).ToArray();
        var ms = inOrder.Order().ToArray();
        var slowest = Array.IndexOf(inOrder, ms[^1]) + 1;
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"  {step.Key,-22} {step.Sum(b => (long)b.Rows),11:N0} {ms.Length,8} {ms.Sum(),10:N0} {ms[ms.Length / 2],10} {ms[(int)Math.Ceiling(ms.Length * 0.95) - 1],7} {ms[^1],7} (#{slowest})"));
    }
    return string.Join("\n    ", lines);
}

internal sealed record Leftovers(long Expirable, long Redactable, long Deletable, long Releasable, long Events, long CompletedSessions);
