using EventWizard.Shared.Actions;
using EventWizard.Shared.Sessions;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventWizard.Shared.Data;
using EventWizard.Shared.Http;
using EventWizard.Shared.Resilience;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EventWizard.Shared.Stripe;

/// <summary>
/// POST /api/connect-stripe: the organization's connected account (created once), its id in the session's
/// payment_data.accountId, and a fresh onboarding link. Recorded in wizard_actions as connectStripe.
/// Order: claim the key (short transaction) -> Stripe calls (no transaction open) -> complete (short transaction).
/// </summary>
public sealed class ConnectStripeService(
    TenantDb db, StripeGateway stripe, StripeAccounts accounts, ResiliencePipelines pipelines,
    TimeProvider clock, ILogger<ConnectStripeService> logger)
{
    private readonly StripeActionLog actions = new(db);

    public async Task<IResult> HandleAsync(Caller caller, HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null)
        {
            return body.Problem.ToResult();
        }
        var headerKey = request.Headers.TryGetValue("Idempotency-Key", out var values) ? values.ToString() : null;
        var (parsed, problem) = ConnectStripeRequest.Parse(body.Body, headerKey);
        if (problem is not null)
        {
            return problem.ToResult();
        }
        if (!stripe.IsConfigured)
        {
            return StripeProblems.NotConfigured().ToResult();
        }
        return await ConnectAsync(caller, parsed!, ct);
    }

    public async Task<IResult> ConnectAsync(Caller caller, ConnectStripeRequest request, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var actionId = Guid.NewGuid();
        var key = request.IdempotencyKey ?? $"connect:{request.SessionId}:{Guid.NewGuid():N}";
        var claim = await pipelines.RunDatabaseAsync(token => actions.ClaimAsync(caller, actionId, request.SessionId, key,
            Fingerprint(request), Payload(request), token), ct);
        switch (claim.Kind)
        {
            case ClaimKind.SessionNotFound:
                return SessionProblems.NotFound().ToResult();
            case ClaimKind.SessionClosed:
                return SessionProblems.Closed(claim.SessionStatus!).ToResult();
            case ClaimKind.KeyReused:
                return ActionProblems.KeyReused().ToResult();
            case ClaimKind.InProgress:
                return ActionProblems.RequestInProgressResult();
            case ClaimKind.Replay:
                // jsonb keeps its own key order: answer with the first response's shape.
                return new JsonResult(claim.Result!.Value.Deserialize<ConnectStripeResult>(ApiJson.Options))
                    .WithHeader("Idempotent-Replayed", "true");
        }

        ConnectStripeResult result;
        try
        {
            var account = await accounts.GetOrCreateAsync(caller, ct);
            var link = await stripe.CreateOnboardingLinkAsync(account.AccountId, request.ReturnUrl, request.RefreshUrl,
                $"{actionId}:link", ct);
            result = new ConnectStripeResult(account.AccountId, link.Url, link.ExpiresAt);
        }
        catch (StripeCallException ex)
        {
            logger.LogWarning(ex, "Stripe failed for connectStripe {ActionId} of session {SessionId}", actionId, request.SessionId);
            await pipelines.RunDatabaseAsync(async token =>
            {
                await actions.FailAsync(caller, actionId, ex.Message, ElapsedMs(started), token);
                return true;
            }, ct);
            return StripeProblems.StripeError(ex.Message).ToResult();
        }

        var closedStatus = await pipelines.RunDatabaseAsync(token => actions.CompleteAsync(caller, actionId, request.SessionId,
            result.AccountId, JsonSerializer.Serialize(result, ApiJson.Options), ElapsedMs(started), token), ct);
        return closedStatus is null ? new JsonResult(result) : SessionProblems.Closed(closedStatus).ToResult();
    }

    private int ElapsedMs(long started) => (int)Math.Min(int.MaxValue, clock.GetElapsedTime(started).TotalMilliseconds);

    /// <summary>What the key stands for: the same key with another session or other URLs is refused (422).</summary>
    private static string Fingerprint(ConnectStripeRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{request.SessionId}\n{request.ReturnUrl}\n{request.RefreshUrl}")));

    private static string Payload(ConnectStripeRequest request) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["sessionId"] = request.SessionId,
        ["returnUrl"] = request.ReturnUrl,
        ["refreshUrl"] = request.RefreshUrl,
    });
}
