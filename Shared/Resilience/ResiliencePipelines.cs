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
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailures.IsTransientDatabase),
                MaxRetryAttempts = settings.DatabaseRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.DatabaseBaseDelay,
                MaxDelay = settings.DatabaseMaxDelay,
                OnRetry = args =>
                {
                    logger.LogWarning(args.Outcome.Exception, "Database unit of work failed transiently; attempt {Attempt} in {Delay}",
                        args.AttemptNumber + 2, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        Stripe = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(settings.StripeTotalTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailures.IsTransientStripe),
                MaxRetryAttempts = settings.StripeRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.StripeBaseDelay,
                MaxDelay = settings.StripeMaxDelay,
                OnRetry = args =>
                {
                    logger.LogWarning(args.Outcome.Exception, "Stripe call failed transiently; attempt {Attempt} in {Delay}",
                        args.AttemptNumber + 2, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(settings.StripeAttemptTimeout)
            .Build();
        databaseTotalTimeout = settings.DatabaseTotalTimeout;
    }

    private readonly TimeSpan databaseTotalTimeout;

    /// <summary>Transient PostgreSQL failures retried with jittered exponential backoff, inside an overall timeout.</summary>
    public ResiliencePipeline Database { get; }

    /// <summary>Stripe 429/409/5xx and connection failures retried; a timeout per call and one overall.</summary>
    public ResiliencePipeline Stripe { get; }

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
