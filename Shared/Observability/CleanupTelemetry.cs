using System.Diagnostics;

namespace EventWizard.Shared.Observability;

/// <summary>
/// The cleanup run's spans: <c>cleanup</c> around a run, <c>cleanup {step}</c> around each step with its rows,
/// batches and whether it finished; and the rows-per-step metric.
/// </summary>
public static class CleanupTelemetry
{
    public const string RunSpanName = "cleanup";

    public static Activity? StartRun() => WizardTelemetry.Source.StartActivity(RunSpanName, ActivityKind.Internal);

    /// <summary><paramref name="step"/> is the step's name in snake_case (<c>sessions_expired</c>).</summary>
    public static Activity? StartStep(string step)
    {
        if (!WizardTelemetry.Source.HasListeners())
        {
            return null;
        }
        return WizardTelemetry.Source.StartActivity($"{RunSpanName} {step}", ActivityKind.Internal)?.SetTag(TelemetryTags.CleanupStep, step);
    }

    public static void EndStep(Activity? span, string step, long rows, int batches, bool finished)
    {
        span?.SetTag(TelemetryTags.CleanupRows, rows).SetTag(TelemetryTags.CleanupBatches, batches).SetTag(TelemetryTags.CleanupFinished, finished);
        WizardMetrics.CleanupRows.Add(rows, new KeyValuePair<string, object?>(TelemetryTags.CleanupStep, step));
    }
}
