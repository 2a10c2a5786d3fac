using EventWizard.Shared.Actions;
using EventWizard.Shared.Http;
using EventWizard.Shared.Stripe;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.PublishEvent.Functions;

/// <summary>POST /api/connect-stripe: the organization's Stripe connected account and a fresh onboarding link.</summary>
public sealed class ConnectStripe(ApiHandler api, ConnectStripeService connect)
{
    [Function(nameof(ConnectStripe))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "connect-stripe")] HttpRequest req, CancellationToken ct) =>
        api.Authenticated(req, body => ConnectStripeRequest.Parse(body, req.Headers[IdempotencyKey.Header]), async (caller, connection) =>
            ConnectStripeResults.Of(await connect.ConnectAsync(caller, connection, ct)), ct);
}
