using EventWizard.LocalPostgres;
using EventWizard.Shared.Resilience;
using EventWizard.Shared.Stripe;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EventWizard.Tests.Stripe;

/// <summary>The gateway against a fake Stripe that misbehaves: what reaches our code when Stripe does not answer.</summary>
public sealed class StripeGatewayTests : IAsyncLifetime
{
    private FakeStripe stripe = null!;

    public async Task InitializeAsync() => stripe = await FakeStripe.StartAsync();

    public async Task DisposeAsync() => await stripe.DisposeAsync();

    [Fact]
    public async Task A_call_that_gets_no_answer_is_cut_off_and_tried_again_with_the_same_idempotency_key()
    {
        using var gateway = Gateway(stripe.BaseAddress, new ResilienceOptions
        {
            StripeBaseDelay = TimeSpan.Zero, StripeAttemptTimeout = TimeSpan.FromSeconds(1),
        });
        var organizationId = Guid.NewGuid();
        stripe.HangNext("POST /v1/accounts");

        var account = await gateway.CreateAccountAsync(organizationId, "org-key-hang", CancellationToken.None);

        // The hung first call, then at least one more (a slow machine may time out a second one too).
        var creates = stripe.RequestsOf(organizationId);
        Assert.True(creates.Count >= 2);
        Assert.All(creates, r => Assert.Equal("org-key-hang", r.IdempotencyKey));
        Assert.Equal([account.AccountId], stripe.AccountsOf(organizationId));
    }

    [Fact]
    public async Task Stripe_that_cannot_be_reached_is_a_stripe_error_after_the_retries()
    {
        var closedPort = LocalPostgresCluster.FreeLoopbackPort();
        using var gateway = Gateway($"http://127.0.0.1:{closedPort}", new ResilienceOptions { StripeBaseDelay = TimeSpan.Zero });

        var error = await Assert.ThrowsAsync<StripeCallException>(() =>
            gateway.CreateAccountAsync(Guid.NewGuid(), "org-key-unreachable", CancellationToken.None));

        Assert.Null(error.StripeStatus);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Stripe_errors_that_persist_surface_with_stripes_message_and_status()
    {
        using var gateway = Gateway(stripe.BaseAddress, new ResilienceOptions { StripeBaseDelay = TimeSpan.Zero, StripeRetries = 2 });
        var organizationId = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
        {
            stripe.FailNext("POST /v1/accounts", 503, "Stripe is temporarily unavailable.");
        }

        var error = await Assert.ThrowsAsync<StripeCallException>(() =>
            gateway.CreateAccountAsync(organizationId, "org-key-503", CancellationToken.None));

        Assert.Equal(("Stripe is temporarily unavailable.", 503), (error.Message, error.StripeStatus));
        Assert.Equal(3, stripe.Requests.Count(r => r.IdempotencyKey == "org-key-503"));
        Assert.Empty(stripe.AccountsOf(organizationId));
    }

    private static StripeGateway Gateway(string apiBase, ResilienceOptions resilience) =>
        new(Options.Create(new StripeOptions { SecretKey = "sk_test_x", ApiBase = apiBase }),
            new ResiliencePipelines(Options.Create(resilience), TimeProvider.System, NullLogger<ResiliencePipelines>.Instance));
}
