using Cronos;

namespace EventWizard.DevHost;

/// <summary>Runs each timer function on its (six-field, UTC) schedule, as the Functions host would.</summary>
public sealed class TimerScheduler(IReadOnlyList<FunctionDescriptor> timers, IServiceProvider services,
    IConfiguration configuration, TimeProvider clock, ILogger<TimerScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(timers.Select(timer => RunOnScheduleAsync(timer, stoppingToken)));

    /// <summary>Resolves <c>%Setting%</c> references the way the Functions host does.</summary>
    public static string ResolveSchedule(string schedule, IConfiguration configuration) =>
        schedule.StartsWith('%') && schedule.EndsWith('%')
            ? configuration[schedule.Trim('%')] ?? throw new InvalidOperationException($"Setting {schedule.Trim('%')} is not set.")
            : schedule;

    private async Task RunOnScheduleAsync(FunctionDescriptor timer, CancellationToken ct)
    {
        var expression = CronExpression.Parse(ResolveSchedule(timer.Schedule!, configuration), CronFormat.IncludeSeconds);
        logger.LogInformation("Timer {Function} scheduled: {Schedule} (UTC)", timer.Name, expression);
        while (!ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = expression.GetNextOccurrence(now.UtcDateTime, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }
            await Task.Delay(next.Value - now.UtcDateTime, clock, ct);
            await RunOnceAsync(timer, ct);
        }
    }

    private async Task RunOnceAsync(FunctionDescriptor timer, CancellationToken ct)
    {
        try
        {
            using var scope = services.CreateScope();
            await FunctionInvoker.InvokeAsync(timer, scope.ServiceProvider, null, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Timer {Function} failed", timer.Name);
        }
    }
}
