namespace EventWizard.Shared.Resilience;

/// <summary>Settings under <c>Resilience__*</c>: how hard to try again before giving up.</summary>
public sealed class ResilienceOptions
{
    public const string Section = "Resilience";

    /// <summary>Retries after the first attempt of a database unit of work.</summary>
    public int DatabaseRetries { get; set; } = 3;

    /// <summary>First backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan DatabaseBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan DatabaseMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Everything, attempts and delays together, must finish within this.</summary>
    public TimeSpan DatabaseTotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt of a Stripe call (same idempotency key every time).</summary>
    public int StripeRetries { get; set; } = 2;

    public TimeSpan StripeBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan StripeMaxDelay { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Timeout of one HTTP call to Stripe.</summary>
    public TimeSpan StripeAttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan StripeTotalTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
