using System.Net.Http.Headers;
using EventWizard.DevHost;
using EventWizard.Tests.Copilot;
using EventWizard.Tests.Infrastructure;
using EventWizard.Tests.Stripe;

namespace EventWizard.Tests.Hardening;

/// <summary>
/// A DevHost of our own with every outside system it calls faked (Stripe and the chat model), so that every route's
/// valid request can succeed in the route walk.
/// </summary>
public sealed class RouteWalkHostFixture : IAsyncLifetime
{
    public FakeStripe Stripe { get; private set; } = null!;
    public FakeChatModel Model { get; private set; } = null!;
    public DevHostApp Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stripe = await FakeStripe.StartAsync();
        Model = await FakeChatModel.StartAsync();
        var settings = TestHost.Settings(await TestDatabase.RuntimeConnectionStringAsync(), await TestDatabase.OwnerConnectionStringAsync());
        var outside = StripeHostFixture.StripeSettings(Stripe.BaseAddress)
            .Concat(CopilotHostFixture.CopilotSettings(Model.Endpoint, TimeSpan.FromSeconds(10)));
        foreach (var (key, value) in outside)
        {
            settings[key] = value;
        }
        Host = await DevHostApp.StartAsync([], settings, CancellationToken.None);
    }

    public TenantClient NewTenant()
    {
        var tenant = new TenantClient(Guid.NewGuid(), Guid.NewGuid(), TestHost.ClientFor(Host.BaseAddress));
        tenant.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Token);
        return tenant;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Model.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}
