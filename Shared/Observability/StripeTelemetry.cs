using System.Diagnostics;

namespace EventWizard.Shared.Observability;

/// <summary>
/// A client span per Stripe call (<c>stripe {operation}</c>, retries included) and the calls metric, both with the
/// call's outcome: <see cref="Ok"/>, <see cref="StripeError"/> (Stripe answered with an error),
/// <see cref="Unreachable"/> (no answer in time), <see cref="Cancelled"/> (the caller gave up).
/// </summary>
public static class StripeTelemetry
{
    public const string Ok = "ok";
    public const string StripeError = "stripe_error";
    public const string Unreachable = "unreachable";
    public const string Cancelled = "cancelled";

    /// <summary>The span of one call; <paramref name="spanName"/> is a constant (<c>stripe accounts.get</c>), so nothing is built when off.</summary>
    public static Activity? Start(string spanName, string operation) =>
        WizardTelemetry.Source.StartActivity(spanName, ActivityKind.Client)?.SetTag(TelemetryTags.StripeOperation, operation);

    public static void End(Activity? span, string operation, string outcome, int? httpStatus = null)
    {
        if (span is not null)
        {
            span.SetTag(TelemetryTags.Outcome, outcome);
            if (httpStatus is { } status)
            {
                span.SetTag(TelemetryTags.StatusCode, status);
            }
            if (outcome != Ok)
            {
                span.SetStatus(ActivityStatusCode.Error);
            }
        }
        if (WizardMetrics.StripeCalls.Enabled)
        {
            WizardMetrics.StripeCalls.Add(1, new KeyValuePair<string, object?>(TelemetryTags.StripeOperation, operation),
                new KeyValuePair<string, object?>(TelemetryTags.Outcome, outcome));
        }
    }
}
