using System.Net;
using Dapper;
using EventWizard.Tests.Infrastructure;
using EventWizard.Tests.Stripe;

namespace EventWizard.Tests.Publish;

/// <summary>Publishing paid tickets with Stripe configured asks Stripe (through the fake) whether the account can take payments.</summary>
public sealed class PublishWithStripeTests(StripeHostFixture fixture) : IClassFixture<StripeHostFixture>
{
    [Fact]
    public async Task Paid_tickets_on_an_account_that_cannot_take_payments_are_refused_until_onboarding_is_done()
    {
        var tenant = fixture.NewTenant();
        var (sessionId, accountId) = await SessionRows.InsertPaidWithConnectedAccountAsync(tenant);

        var refused = await SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = "publish-paid-0001" });

        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        var problem = await ResponseBody.JsonAsync(refused);
        Assert.Equal("stripe_account_not_ready", problem.GetProperty("code").GetString());
        Assert.Empty(await SessionRows.EventIdsAsync(tenant.OrganizationId, sessionId));
        Assert.Contains(await SessionRows.ActionsAsync(tenant, sessionId),
            a => a.Status == "failed" && a.ErrorMessage == "stripe_account_not_ready");

        fixture.Stripe.SetChargesEnabled(accountId, true);
        await ForgetCachedStatusAsync(tenant.OrganizationId);
        var published = await SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = "publish-paid-0001" });

        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var evt = await ResponseBody.JsonAsync(published);
        Assert.Equal(accountId, evt.GetProperty("stripe_account_id").GetString());
        Assert.True(evt.GetProperty("payment_enabled").GetBoolean());
        Assert.Single(await SessionRows.EventIdsAsync(tenant.OrganizationId, sessionId));
    }

    [Fact]
    public async Task Free_events_publish_without_asking_Stripe()
    {
        var tenant = fixture.NewTenant();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(fixture.Stripe.RequestsOf(tenant.OrganizationId));
    }

    /// <summary>As if the cached "not ready" answer had aged out.</summary>
    internal static async Task ForgetCachedStatusAsync(Guid organizationId)
    {
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        await conn.ExecuteAsync("update stripe_accounts set checked_at = null where organization_id = @organizationId", new { organizationId });
    }
}
