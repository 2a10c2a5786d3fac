using System.Net.Http.Headers;
using EventWizard.DevHost;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Stripe;

/// <summary>A fake Stripe and a DevHost of our own whose Stripe settings point at it (the shared host has no Stripe key).</summary>
public sealed class StripeHostFixture : IAsyncLifetime
{
    public FakeStripe Stripe { get; private set; } = null!;
    public DevHostApp Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stripe = await FakeStripe.StartAsync();
        var settings = TestHost.Settings(await TestDatabase.RuntimeConnectionStringAsync(), await TestDatabase.OwnerConnectionStringAsync());
        foreach (var (key, value) in StripeSettings(Stripe.BaseAddress))
        {
            settings[key] = value;
        }
        Host = await DevHostApp.StartAsync([], settings, CancellationToken.None);
    }

    /// <summary>Stripe pointed at the fake, with short retry delays so the tests stay fast.</summary>
    public static Dictionary<string, string?> StripeSettings(string apiBase) => new()
    {
        ["Stripe:SecretKey"] = "sk_test_x",
        ["Stripe:ApiBase"] = apiBase,
        ["Resilience:StripeBaseDelay"] = "00:00:00.010",
        ["Resilience:StripeMaxDelay"] = "00:00:00.050",
        ["Resilience:DatabaseBaseDelay"] = "00:00:00.010",
    };

    public TenantClient NewTenant()
    {
        var tenant = new TenantClient(Guid.NewGuid(), Guid.NewGuid(), TestHost.ClientFor(Host.BaseAddress));
        tenant.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Token);
        return tenant;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}
