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

var watch = Stopwatch.StartNew();
var report = await runner.RunAsync(CancellationToken.None);
watch.Stop();
loggers.Dispose();

await using var owner = NpgsqlDataSource.Create(ownerConnectionString);
await using var conn = await owner.OpenConnectionAsync();
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
    {StepTable(timings)}
    Left due afterwards: {left.Expirable} to expire, {left.Redactable} to redact, {left.Deletable} to delete, {left.Releasable} to release.
    Untouched: {N(left.Events)} events, {N(left.CompletedSessions)} completed sessions.
    """);
var ok = report.Completed && left is { Expirable: 0, Redactable: 0, Deletable: 0, Releasable: 0 }
    && watch.ElapsedMilliseconds < 90_000 && report.LongestStatementMs < 1_000;
Console.WriteLine(ok ? "Targets met." : "TARGETS MISSED.");
return ok ? 0 : 1;

static string StepTable(BatchTimings timings)
{
    var lines = new List<string> { "per step:                    rows  batches   total ms  median ms  p95 ms  max ms" };
    foreach (var step in timings.Batches.GroupBy(b => b.Step))
    {
        var ms = step.Select(b => b.Ms).Order().ToArray();
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"  {step.Key,-22} {step.Sum(b => (long)b.Rows),11:N0} {ms.Length,8} {ms.Sum(),10:N0} {ms[ms.Length / 2],10} {ms[(int)Math.Ceiling(ms.Length * 0.95) - 1],7} {ms[^1],7}"));
    }
    return string.Join("\n    ", lines);
}

internal sealed record Leftovers(long Expirable, long Redactable, long Deletable, long Releasable, long Events, long CompletedSessions);
