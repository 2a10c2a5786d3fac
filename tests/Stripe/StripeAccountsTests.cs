using EventWizard.Shared.Data;
using EventWizard.Shared.Resilience;
using EventWizard.Shared.Stripe;
using EventWizard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EventWizard.Tests.Stripe;

/// <summary>The organization's account and its cached charges status, against the real database and a fake Stripe.</summary>
public sealed class StripeAccountsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private FakeStripe stripe = null!;
    private StripeGateway gateway = null!;
    private StripeAccounts accounts = null!;

    public async Task InitializeAsync()
    {
        stripe = await FakeStripe.StartAsync();
        (gateway, accounts) = await BuildAsync(new StripeOptions { SecretKey = "sk_test_x", ApiBase = stripe.BaseAddress }, clock);
    }

    public async Task DisposeAsync()
    {
        gateway.Dispose();
        await stripe.DisposeAsync();
    }

    [Fact]
    public async Task Charges_status_is_asked_of_stripe_once_within_the_cache_ttl()
    {
        var caller = NewCaller();
        var account = await accounts.GetOrCreateAsync(caller, CancellationToken.None);
        stripe.SetChargesEnabled(account.AccountId, true);
        clock.Advance(TimeSpan.FromHours(1));

        var first = await accounts.EnsureChargesEnabledAsync(caller, account.AccountId, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(4));
        var second = await accounts.EnsureChargesEnabledAsync(caller, account.AccountId, CancellationToken.None);

        Assert.Equal(ChargesReadiness.Ready, first.Readiness);
        Assert.Equal(ChargesReadiness.Ready, second.Readiness);
        Assert.Single(Reads(account.AccountId));
    }

    [Fact]
    public async Task Charges_status_is_asked_again_once_the_cache_ttl_has_passed()
    {
        var caller = NewCaller();
        var account = await accounts.GetOrCreateAsync(caller, CancellationToken.None);
        stripe.SetChargesEnabled(account.AccountId, true);
        clock.Advance(TimeSpan.FromHours(1));
        await accounts.EnsureChargesEnabledAsync(caller, account.AccountId, CancellationToken.None);
        stripe.SetChargesEnabled(account.AccountId, false);

        clock.Advance(TimeSpan.FromMinutes(6));
        var later = await accounts.EnsureChargesEnabledAsync(caller, account.AccountId, CancellationToken.None);

        Assert.Equal(ChargesReadiness.NotReady, later.Readiness);
        Assert.Equal(2, Reads(account.AccountId).Count);
    }

    [Fact]
    public async Task Not_ready_is_trusted_only_briefly_so_a_finished_onboarding_shows_soon()
    {
        var caller = NewCaller();
        var account = await accounts.GetOrCreateAsync(caller, CancellationToken.None);

        var fresh = await accounts.EnsureChargesEnabledAsync(caller, account.AccountId, CancellationToken.None);
        stripe.SetChargesEnabled(account.AccountId, true);
        clock.Advance(TimeSpan.FromSeconds(10));
        var cached = await accounts.EnsureChargesEnabledAsync(caller, account.AccountId, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));
        var asked = await accounts.EnsureChargesEnabledAsync(caller, account.AccountId, CancellationToken.None);

        // The account was just created (status known from the create call): no read needed at first.
        Assert.Equal(ChargesReadiness.NotReady, fresh.Readiness);
        Assert.Equal(ChargesReadiness.NotReady, cached.Readiness);
        Assert.Equal(ChargesReadiness.Ready, asked.Readiness);
        Assert.Single(Reads(account.AccountId));
    }

    [Fact]
    public async Task An_account_that_is_not_the_organizations_is_not_ready_without_asking_stripe()
    {
        var caller = NewCaller();
        var other = await accounts.GetOrCreateAsync(NewCaller(), CancellationToken.None);
        stripe.SetChargesEnabled(other.AccountId, true);
        await accounts.GetOrCreateAsync(caller, CancellationToken.None);

        var check = await accounts.EnsureChargesEnabledAsync(caller, other.AccountId, CancellationToken.None);
        var none = await accounts.EnsureChargesEnabledAsync(NewCaller(), other.AccountId, CancellationToken.None);

        Assert.Equal(ChargesReadiness.NotReady, check.Readiness);
        Assert.Equal(ChargesReadiness.NotReady, none.Readiness);
        Assert.Empty(Reads(other.AccountId));
    }

    [Fact]
    public async Task Stripe_error_while_checking_is_reported_with_stripes_message()
    {
        var caller = NewCaller();
        var account = await accounts.GetOrCreateAsync(caller, CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));
        stripe.FailNext($"GET /v1/accounts/{account.AccountId}", 403, "The provided key does not have access to account.");

        var check = await accounts.EnsureChargesEnabledAsync(caller, account.AccountId, CancellationToken.None);

        Assert.Equal(ChargesReadiness.StripeError, check.Readiness);
        Assert.Equal("The provided key does not have access to account.", check.StripeMessage);
    }

    [Fact]
    public async Task Without_a_secret_key_the_check_says_stripe_is_not_configured()
    {
        var (unconfigured, service) = await BuildAsync(new StripeOptions(), clock);
        using (unconfigured)
        {
            var check = await service.EnsureChargesEnabledAsync(NewCaller(), "acct_123", CancellationToken.None);

            Assert.Equal(ChargesReadiness.StripeNotConfigured, check.Readiness);
            Assert.False(unconfigured.IsConfigured);
        }
    }

    [Fact]
    public async Task Concurrent_first_calls_store_one_account()
    {
        var caller = NewCaller();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => accounts.GetOrCreateAsync(caller, CancellationToken.None)));

        var accountId = Assert.Single(results.Select(r => r.AccountId).Distinct());
        Assert.Equal([accountId], stripe.AccountsOf(caller.OrganizationId));
        Assert.Equal([accountId], await StripeAccountRows.AccountIdsAsync(caller.OrganizationId));
        Assert.All(stripe.RequestsOf(caller.OrganizationId).Where(r => r.Path == "/v1/accounts"),
            r => Assert.Equal(StripeAccounts.AccountIdempotencyKey(caller.OrganizationId), r.IdempotencyKey));
    }

    private List<FakeStripeRequest> Reads(string accountId) =>
        [.. stripe.Requests.Where(r => r.Method == "GET" && r.Path == $"/v1/accounts/{accountId}")];

    private static Caller NewCaller() => new(Guid.NewGuid(), Guid.NewGuid());

    private static async Task<(StripeGateway, StripeAccounts)> BuildAsync(StripeOptions options, TimeProvider clock)
    {
        var pipelines = new ResiliencePipelines(Options.Create(new ResilienceOptions
        {
            DatabaseBaseDelay = TimeSpan.Zero,
            StripeBaseDelay = TimeSpan.Zero,
        }), TimeProvider.System, NullLogger<ResiliencePipelines>.Instance);
        var gateway = new StripeGateway(Options.Create(options), pipelines);
        var db = new TenantDb(await TestDatabase.RuntimeAsync());
        return (gateway, new StripeAccounts(db, gateway, pipelines, Options.Create(options), clock, NullLogger<StripeAccounts>.Instance));
    }
}
