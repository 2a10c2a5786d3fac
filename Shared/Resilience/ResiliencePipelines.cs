using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace EventWizard.Shared.Resilience;

/// <summary>
/// The retry pipelines, built once at start-up and injected. Only wrap work that is safe to repeat:
/// a whole database unit of work (its own connection and transaction, idempotent by construction), or one
/// Stripe call carrying an idempotency key. Never wrap a single statement of a larger transaction.
/// </summary>
public sealed class ResiliencePipelines
{
    public ResiliencePipelines(IOptions<ResilienceOptions> options, TimeProvider timeProvider, ILogger<ResiliencePipelines> logger)
    {
        var settings = options.Value;
        Database = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(settings.DatabaseTotalTimeout)
            .AddRetry(JitteredRetry(TransientFailures.IsTransientDatabase, settings.DatabaseRetries,
                settings.DatabaseBaseDelay, settings.DatabaseMaxDelay, "Database unit of work", logger))
            .Build();
        Stripe = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(settings.StripeTotalTimeout)
            .AddRetry(JitteredRetry(TransientFailures.IsTransientStripe, settings.StripeRetries,
                settings.StripeBaseDelay, settings.StripeMaxDelay, "Stripe call", logger))
            .AddTimeout(settings.StripeAttemptTimeout)
            .Build();
        Copilot = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(settings.CopilotTotalTimeout)
            .AddRetry(JitteredRetry(TransientFailures.IsTransientModel, settings.CopilotRetries,
                settings.CopilotBaseDelay, settings.CopilotMaxDelay, "Copilot model call", logger))
            .AddTimeout(settings.CopilotAttemptTimeout)
            .Build();
        databaseTotalTimeout = settings.DatabaseTotalTimeout;
    }

    private readonly TimeSpan databaseTotalTimeout;

    /// <summary>Exponential backoff with jitter, retrying only what <paramref name="handles"/> calls transient.</summary>
    private static RetryStrategyOptions JitteredRetry(Func<Exception, bool> handles, int retries, TimeSpan delay, TimeSpan maxDelay,
        string work, ILogger logger) => new()
    {
        ShouldHandle = new PredicateBuilder().Handle(handles),
        MaxRetryAttempts = retries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = delay,
        MaxDelay = maxDelay,
        OnRetry = args =>
        {
            logger.LogWarning(args.Outcome.Exception, "{Work} failed transiently; attempt {Attempt} in {Delay}",
                work, args.AttemptNumber + 2, args.RetryDelay);
            return ValueTask.CompletedTask;
        },
    };

    /// <summary>Transient PostgreSQL failures retried with jittered exponential backoff, inside an overall timeout.</summary>
    public ResiliencePipeline Database { get; }

    /// <summary>Stripe 429/409/5xx and connection failures retried; a timeout per call and one overall.</summary>
    public ResiliencePipeline Stripe { get; }

    /// <summary>The copilot's model: 429/408/5xx and connection failures retried; a timeout per call and one overall.</summary>
    public ResiliencePipeline Copilot { get; }

    /// <summary>
    /// Runs a repeatable database unit of work through <see cref="Database"/>. Running out of time surfaces as a
    /// <see cref="TimeoutException"/>, which the API answers with 503 database_unavailable.
    /// </summary>
    public async Task<T> RunDatabaseAsync<T>(Func<CancellationToken, Task<T>> unitOfWork, CancellationToken ct)
    {
        try
        {
            return await Database.ExecuteAsync(async token => await unitOfWork(token), ct);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TimeoutException($"The database did not answer within {databaseTotalTimeout.TotalSeconds:0.#} s.", ex);
        }
    }
}
