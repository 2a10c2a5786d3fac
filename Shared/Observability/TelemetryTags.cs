namespace EventWizard.Shared.Observability;

/// <summary>
/// The attribute names our spans and metrics carry. Values are ids, route templates, stage names, step names and
/// outcomes: never a payload, a transcript text, an email, a token or a connection string (docs/observability.md).
/// </summary>
public static class TelemetryTags
{
    public const string OrganizationId = "eventwizard.organization_id";
    public const string Outcome = "eventwizard.outcome";
    public const string Stage = "eventwizard.stage";
    public const string CleanupStep = "eventwizard.cleanup.step";
    public const string CleanupRows = "eventwizard.cleanup.rows";
    public const string CleanupBatches = "eventwizard.cleanup.batches";
    public const string CleanupFinished = "eventwizard.cleanup.finished";
    public const string AnalyticsFoldedInteractions = "eventwizard.analytics.interactions";
    public const string AnalyticsFoldedPublishes = "eventwizard.analytics.publishes";
    public const string AnalyticsFoldedStarts = "eventwizard.analytics.starts";
    public const string AnalyticsCounterRows = "eventwizard.analytics.counter_rows";
    public const string StripeOperation = "eventwizard.stripe.operation";

    // OpenTelemetry's semantic conventions, where one fits.
    public const string Route = "http.route";
    public const string Method = "http.request.method";
    public const string StatusCode = "http.response.status_code";
    public const string ErrorType = "error.type";
}
