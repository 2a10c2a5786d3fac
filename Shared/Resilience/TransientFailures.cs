using System.Net;
using System.Net.Sockets;
using Npgsql;
using Polly.Timeout;
using Stripe;

namespace EventWizard.Shared.Resilience;

/// <summary>Which failures are worth another attempt.</summary>
public static class TransientFailures
{
    /// <summary>
    /// PostgreSQL failures after which the same unit of work may succeed: Npgsql's own transient
    /// classification (connection loss, timeouts, too many connections, serialization failures, deadlocks)
    /// plus a server that is shutting down or restarting (pg_terminate_backend, failover).
    /// </summary>
    public static bool IsTransientDatabase(Exception exception) => exception switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState is PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException,
        _ => false,
    };

    /// <summary>
    /// Stripe failures worth repeating with the same idempotency key: rate limited (429), a concurrent
    /// request with the same key (409), Stripe's own errors (5xx), no connection, no answer in time.
    /// Stripe may say otherwise in <c>Stripe-Should-Retry</c>; it wins.
    /// </summary>
    public static bool IsTransientStripe(Exception exception) => exception switch
    {
        StripeException stripe => ShouldRetryHeader(stripe) ?? stripe.HttpStatusCode is HttpStatusCode.TooManyRequests
            or HttpStatusCode.Conflict or >= HttpStatusCode.InternalServerError,
        HttpRequestException or TimeoutRejectedException or TimeoutException => true,
        OperationCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    /// <summary>
    /// Chat model failures worth another attempt: rate limited (429), timed out (408), the server's own errors (5xx),
    /// no connection or a connection lost, no answer in time. Other statuses (400, 401, 404) would fail again.
    /// </summary>
    public static bool IsTransientModel(Exception exception) => exception switch
    {
        System.ClientModel.ClientResultException result => result.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or IOException or TimeoutRejectedException or TimeoutException => true,
        OperationCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    private static bool? ShouldRetryHeader(StripeException exception) =>
        exception.StripeResponse?.Headers is { } headers && headers.TryGetValues("Stripe-Should-Retry", out var values)
            ? values.FirstOrDefault() switch { "true" => true, "false" => false, _ => null }
            : null;
}
