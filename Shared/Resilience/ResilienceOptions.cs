using EventWizard.Shared.Hosting;

namespace EventWizard.Shared.Resilience;

/// <summary>Settings under <c>Resilience__*</c>: how hard to try again before giving up.</summary>
public sealed class ResilienceOptions : ICheckedSettings
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

    /// <summary>Retries after the first attempt of a copilot model call (only before any of its reply reached the client).</summary>
    public int CopilotRetries { get; set; } = 2;

    public TimeSpan CopilotBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan CopilotMaxDelay { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Timeout of one model call, its whole reply streamed.</summary>
    public TimeSpan CopilotAttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan CopilotTotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>The ranges Polly accepts when the pipelines are built, checked at start with the setting named.</summary>
    public IReadOnlyList<string> Errors()
    {
        List<string> errors = [];
        CheckRetries(errors, nameof(DatabaseRetries), DatabaseRetries);
        CheckRetries(errors, nameof(StripeRetries), StripeRetries);
        CheckRetries(errors, nameof(CopilotRetries), CopilotRetries);
        CheckDelay(errors, nameof(DatabaseBaseDelay), DatabaseBaseDelay);
        CheckDelay(errors, nameof(DatabaseMaxDelay), DatabaseMaxDelay);
        CheckDelay(errors, nameof(StripeBaseDelay), StripeBaseDelay);
        CheckDelay(errors, nameof(StripeMaxDelay), StripeMaxDelay);
        CheckDelay(errors, nameof(CopilotBaseDelay), CopilotBaseDelay);
        CheckDelay(errors, nameof(CopilotMaxDelay), CopilotMaxDelay);
        CheckTimeout(errors, nameof(DatabaseTotalTimeout), DatabaseTotalTimeout);
        CheckTimeout(errors, nameof(StripeAttemptTimeout), StripeAttemptTimeout);
        CheckTimeout(errors, nameof(StripeTotalTimeout), StripeTotalTimeout);
        CheckTimeout(errors, nameof(CopilotAttemptTimeout), CopilotAttemptTimeout);
        CheckTimeout(errors, nameof(CopilotTotalTimeout), CopilotTotalTimeout);
        return errors;
    }

    private static readonly TimeSpan ShortestTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    private static void CheckRetries(List<string> errors, string setting, int value)
    {
        if (value < 1)
        {
            errors.Add($"{Section}__{setting} must be at least 1 (it is {value}).");
        }
    }

    private static void CheckDelay(List<string> errors, string setting, TimeSpan value)
    {
        if (value < TimeSpan.Zero || value > Longest)
        {
            errors.Add($"{Section}__{setting} must be between 00:00:00 and 1.00:00:00 (it is {value}).");
        }
    }

    private static void CheckTimeout(List<string> errors, string setting, TimeSpan value)
    {
        if (value < ShortestTimeout || value > Longest)
        {
            errors.Add($"{Section}__{setting} must be between 00:00:00.010 and 1.00:00:00 (it is {value}).");
        }
    }
}
