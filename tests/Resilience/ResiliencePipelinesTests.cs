using System.Net;
using System.Net.Sockets;
using EventWizard.Shared.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Stripe;

namespace EventWizard.Tests.Resilience;

/// <summary>Our pipeline configuration: what is retried, how often, and when we give up. Not a test of Polly.</summary>
public sealed class ResiliencePipelinesTests
{
    private static readonly ResilienceOptions NoDelays = new() { DatabaseBaseDelay = TimeSpan.Zero, StripeBaseDelay = TimeSpan.Zero };

    public static TheoryData<string> TransientDatabaseStates => new()
    {
        PostgresErrorCodes.SerializationFailure,
        PostgresErrorCodes.DeadlockDetected,
        PostgresErrorCodes.AdminShutdown,
        PostgresErrorCodes.CannotConnectNow,
        PostgresErrorCodes.TooManyConnections,
    };

    [Theory]
    [MemberData(nameof(TransientDatabaseStates))]
    public async Task Database_unit_of_work_is_retried_after_a_transient_server_error(string sqlState)
    {
        var pipelines = Build(NoDelays);
        var attempts = 0;

        var result = await pipelines.RunDatabaseAsync(_ =>
            ++attempts < 3 ? throw Postgres(sqlState) : Task.FromResult("done"), CancellationToken.None);

        Assert.Equal("done", result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Database_unit_of_work_is_retried_after_losing_the_connection()
    {
        var pipelines = Build(NoDelays);
        var attempts = 0;

        await pipelines.RunDatabaseAsync(_ => ++attempts == 1
            ? throw new NpgsqlException("Exception while reading from stream", new EndOfStreamException())
            : Task.FromResult(0), CancellationToken.None);

        Assert.Equal(2, attempts);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation)]
    [InlineData(PostgresErrorCodes.CheckViolation)]
    [InlineData(PostgresErrorCodes.SyntaxError)]
    [InlineData(PostgresErrorCodes.InsufficientPrivilege)]
    public async Task Database_errors_that_would_fail_again_are_not_retried(string sqlState)
    {
        var pipelines = Build(NoDelays);
        var attempts = 0;

        await Assert.ThrowsAsync<PostgresException>(() => pipelines.RunDatabaseAsync<int>(_ =>
        {
            attempts++;
            throw Postgres(sqlState);
        }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Database_gives_up_after_the_configured_retries_with_the_last_error()
    {
        var pipelines = Build(new ResilienceOptions { DatabaseBaseDelay = TimeSpan.Zero, DatabaseRetries = 3 });
        var attempts = 0;

        var error = await Assert.ThrowsAsync<NpgsqlException>(() => pipelines.RunDatabaseAsync<int>(_ =>
        {
            attempts++;
            throw new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        }, CancellationToken.None));

        Assert.Equal(4, attempts);
        Assert.IsType<SocketException>(error.InnerException);
    }

    [Fact]
    public async Task Database_waits_with_backoff_before_trying_again()
    {
        var clock = new FakeTimeProvider();
        var pipelines = Build(new ResilienceOptions
        {
            DatabaseBaseDelay = TimeSpan.FromSeconds(1), DatabaseMaxDelay = TimeSpan.FromSeconds(2), DatabaseTotalTimeout = TimeSpan.FromMinutes(1),
        }, clock);
        var attempts = 0;

        var run = pipelines.RunDatabaseAsync(_ => ++attempts == 1 ? throw Postgres(PostgresErrorCodes.DeadlockDetected) : Task.FromResult(0),
            CancellationToken.None);

        Assert.Equal(1, attempts);
        Assert.False(run.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));
        await run;
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Database_work_that_outlives_the_total_timeout_fails_as_a_timeout()
    {
        var clock = new FakeTimeProvider();
        var pipelines = Build(new ResilienceOptions { DatabaseTotalTimeout = TimeSpan.FromSeconds(10) }, clock);

        var run = pipelines.RunDatabaseAsync(async token =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return 0;
        }, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));

        // A TimeoutException is what the API answers with 503 database_unavailable.
        var error = await Assert.ThrowsAsync<TimeoutException>(() => run);
        Assert.True(EventWizard.Shared.Data.DatabaseErrors.IsUnavailable(error));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Stripe_call_is_retried_on_rate_limits_conflicts_and_server_errors(HttpStatusCode status)
    {
        var pipelines = Build(NoDelays);
        var attempts = 0;

        await pipelines.Stripe.ExecuteAsync(_ => ++attempts == 1 ? throw new StripeException(status, null, "no") : ValueTask.CompletedTask,
            CancellationToken.None);

        Assert.Equal(2, attempts);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.PaymentRequired)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task Stripe_call_is_not_retried_when_the_request_itself_is_wrong(HttpStatusCode status)
    {
        var pipelines = Build(NoDelays);
        var attempts = 0;

        await Assert.ThrowsAsync<StripeException>(async () => await pipelines.Stripe.ExecuteAsync(_ =>
        {
            attempts++;
            throw new StripeException(status, null, "no");
        }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Stripe_call_is_retried_when_the_connection_fails_and_gives_up_after_the_configured_retries()
    {
        var pipelines = Build(new ResilienceOptions { StripeBaseDelay = TimeSpan.Zero, StripeRetries = 2 });
        var attempts = 0;

        await Assert.ThrowsAsync<HttpRequestException>(async () => await pipelines.Stripe.ExecuteAsync(_ =>
        {
            attempts++;
            throw new HttpRequestException("Connection refused");
        }, CancellationToken.None));

        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Stripe_call_that_hangs_is_cut_off_by_the_per_call_timeout_and_tried_again()
    {
        var clock = new FakeTimeProvider();
        var pipelines = Build(new ResilienceOptions
        {
            StripeBaseDelay = TimeSpan.Zero, StripeAttemptTimeout = TimeSpan.FromSeconds(10), StripeTotalTimeout = TimeSpan.FromMinutes(5),
        }, clock);
        var attempts = 0;
        var firstStarted = new TaskCompletionSource();

        var run = pipelines.Stripe.ExecuteAsync(async token =>
        {
            if (++attempts == 1)
            {
                firstStarted.SetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
            }
            return attempts;
        }, CancellationToken.None).AsTask();
        await firstStarted.Task;
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(2, await run);
    }

    private static ResiliencePipelines Build(ResilienceOptions options, TimeProvider? clock = null) =>
        new(Options.Create(options), clock ?? TimeProvider.System, NullLogger<ResiliencePipelines>.Instance);

    private static PostgresException Postgres(string sqlState) => new("simulated", "ERROR", "ERROR", sqlState);
}
