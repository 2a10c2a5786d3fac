namespace EventWizard.Shared.Analytics;

/// <summary>The sessions created on one day (UTC): how far they got and how they ended so far.</summary>
public sealed class AnalyticsDay
{
    public DateOnly Day { get; init; }
    public long Started { get; init; }
    public long ReachedEventSetup { get; init; }
    public long ReachedTicketSetup { get; init; }
    public long ReachedVenueSetup { get; init; }
    public long ReachedPaymentSetup { get; init; }
    public long ReachedReviewPublish { get; init; }
    public long Published { get; init; }
    public long Abandoned { get; init; }
    public long Expired { get; init; }
}
