using System.Diagnostics.Metrics;
using EventWizard.Shared.Publishing;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;

namespace EventWizard.Shared.Observability;

/// <summary>
/// The application's metrics (meter <see cref="WizardTelemetry.Name"/>); names, units and tags are listed in
/// docs/observability.md and queried by docs/observability-workbook.json. Tags are low-cardinality on purpose
/// (outcome, stage, step, route): the organization id is on the spans, not on every metric series.
/// </summary>
public static class WizardMetrics
{
    public const string AutosavesName = "eventwizard.autosaves";
    public const string StageMovesName = "eventwizard.stage_moves";
    public const string PublishesName = "eventwizard.publishes";
    public const string PublishDurationName = "eventwizard.publish.duration";
    public const string PreconditionFailedName = "eventwizard.http.precondition_failed";
    public const string CleanupRowsName = "eventwizard.cleanup.rows";
    public const string StripeCallsName = "eventwizard.stripe.calls";

    /// <summary>Every metric name above, for the workbook test.</summary>
    public static readonly IReadOnlyList<string> Names =
        [AutosavesName, StageMovesName, PublishesName, PublishDurationName, PreconditionFailedName, CleanupRowsName, StripeCallsName];

    public static readonly Counter<long> Autosaves = WizardTelemetry.Meter.CreateCounter<long>(
        AutosavesName, "{autosave}", "Autosave requests (PATCH) answered, by outcome.");

    public static readonly Counter<long> StageMoves = WizardTelemetry.Meter.CreateCounter<long>(
        StageMovesName, "{move}", "Sessions moved forward to a stage, by the stage reached.");

    public static readonly Counter<long> Publishes = WizardTelemetry.Meter.CreateCounter<long>(
        PublishesName, "{publish}", "Publish requests answered, by outcome.");

    public static readonly Histogram<double> PublishDuration = WizardTelemetry.Meter.CreateHistogram(
        PublishDurationName, "s", "How long a publish took to answer, by outcome.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    public static readonly Counter<long> PreconditionFailed = WizardTelemetry.Meter.CreateCounter<long>(
        PreconditionFailedName, "{response}", "412 answers (a stale If-Match), by route.");

    public static readonly Counter<long> CleanupRows = WizardTelemetry.Meter.CreateCounter<long>(
        CleanupRowsName, "{row}", "Rows the nightly cleanup changed, by step.");

    public static readonly Counter<long> StripeCalls = WizardTelemetry.Meter.CreateCounter<long>(
        StripeCallsName, "{call}", "Calls to Stripe, by operation and outcome.");

    /// <summary>Counts an answered autosave, and the move forward it made; returns <paramref name="outcome"/>.</summary>
    public static SessionOutcome Autosaved(SessionOutcome outcome)
    {
        if (Autosaves.Enabled)
        {
            Autosaves.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Outcome, TelemetryNames<SessionOutcomeKind>.Of(outcome.Kind)));
        }
        return outcome;
    }

    /// <summary>
    /// Counts a move forward (the wizard's progress), tagged with the stage reached. Only the careful path of autosave
    /// moves forward; a move back (typing into an earlier stage) is an ordinary autosave and not counted here.
    /// </summary>
    public static void MovedForward(string from, string to)
    {
        if (StageMoves.Enabled && WizardStages.IndexOf(to) > WizardStages.IndexOf(from))
        {
            StageMoves.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Stage, to));
        }
    }

    /// <summary>Counts an answered publish and its duration; returns <paramref name="outcome"/>.</summary>
    public static PublishOutcome Published(PublishOutcome outcome, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>(TelemetryTags.Outcome, TelemetryNames<PublishOutcomeKind>.Of(outcome.Kind));
        Publishes.Add(1, tag);
        PublishDuration.Record(elapsed.TotalSeconds, tag);
        return outcome;
    }
}
