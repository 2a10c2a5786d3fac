using EventWizard.Shared.Observability;
using EventWizard.Shared.Resilience;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Stripe;

namespace EventWizard.Shared.Stripe;

/// <summary>
/// The few Stripe Connect calls we make, through Stripe.net. Each runs through the Stripe retry pipeline
/// (Stripe.net's own retries are off, so one policy decides); creates carry the caller's idempotency key,
/// and every retry reuses it, so Stripe performs the create at most once.
/// </summary>
public sealed class StripeGateway : IDisposable
{
    private readonly StripeOptions options;
    private readonly ResiliencePipelines pipelines;
    private readonly HttpClient? httpClient;
    private readonly StripeClient? client;

    public StripeGateway(IOptions<StripeOptions> options, ResiliencePipelines pipelines)
    {
        this.options = options.Value;
        this.pipelines = pipelines;
        if (this.options.IsConfigured)
        {
            // Time limits come from the pipeline (per call and overall), not from HttpClient.
            httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            client = new StripeClient(
                apiKey: this.options.SecretKey,
                httpClient: new SystemNetHttpClient(httpClient, maxNetworkRetries: 0, enableTelemetry: false),
                apiBase: string.IsNullOrWhiteSpace(this.options.ApiBase) ? null : this.options.ApiBase.TrimEnd('/'));
        }
    }

    public bool IsConfigured => client is not null;

    /// <summary>Creates a connected account for the organization (type from <see cref="StripeOptions.AccountType"/>).</summary>
    public Task<StripeAccountStatus> CreateAccountAsync(Guid organizationId, string idempotencyKey, CancellationToken ct)
    {
        var express = options.AccountType == "express";
        var create = new AccountCreateOptions
        {
            Type = options.AccountType,
            Metadata = new Dictionary<string, string> { ["organization_id"] = organizationId.ToString() },
            Capabilities = express
                ? new AccountCapabilitiesOptions
                {
                    CardPayments = new AccountCapabilitiesCardPaymentsOptions { Requested = true },
                    Transfers = new AccountCapabilitiesTransfersOptions { Requested = true },
                }
                : null,
        };
        return CallAsync("stripe accounts.create", "accounts.create", async token => ToStatus(await Client.V1.Accounts.CreateAsync(create,
            new RequestOptions { IdempotencyKey = idempotencyKey }, token)), ct);
    }

    /// <summary>A fresh onboarding link (type account_onboarding) for the account.</summary>
    public Task<OnboardingLink> CreateOnboardingLinkAsync(string accountId, string returnUrl, string refreshUrl,
        string idempotencyKey, CancellationToken ct)
    {
        var create = new AccountLinkCreateOptions
        {
            Account = accountId,
            Type = "account_onboarding",
            ReturnUrl = returnUrl,
            RefreshUrl = refreshUrl,
        };
        return CallAsync("stripe account_links.create", "account_links.create", async token =>
        {
            var link = await Client.V1.AccountLinks.CreateAsync(create, new RequestOptions { IdempotencyKey = idempotencyKey }, token);
            return new OnboardingLink(link.Url, new DateTimeOffset(DateTime.SpecifyKind(link.ExpiresAt, DateTimeKind.Utc)));
        }, ct);
    }

    /// <summary>The account as Stripe sees it now.</summary>
    public Task<StripeAccountStatus> GetAccountAsync(string accountId, CancellationToken ct) =>
        CallAsync("stripe accounts.get", "accounts.get", async token => ToStatus(await Client.V1.Accounts.GetAsync(accountId, null, null, token)), ct);

    public void Dispose() => httpClient?.Dispose();

    private StripeClient Client => client ?? throw new InvalidOperationException(
        "Stripe is not configured: set Stripe__SecretKey (a Key Vault reference in Azure). Check IsConfigured first.");

    private async Task<T> CallAsync<T>(string spanName, string operation, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var span = StripeTelemetry.Start(spanName, operation);
        try
        {
            var result = await pipelines.Stripe.ExecuteAsync(async token => await call(token), ct);
            StripeTelemetry.End(span, operation, StripeTelemetry.Ok);
            return result;
        }
        catch (StripeException ex)
        {
            StripeTelemetry.End(span, operation, StripeTelemetry.StripeError, ex.HttpStatusCode == 0 ? null : (int)ex.HttpStatusCode);
            throw new StripeCallException(ex.StripeError?.Message ?? ex.Message, ex.HttpStatusCode == 0 ? null : (int)ex.HttpStatusCode, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or TimeoutException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            StripeTelemetry.End(span, operation, StripeTelemetry.Unreachable);
            throw new StripeCallException("Stripe could not be reached or did not answer in time.", null, ex);
        }
        catch (OperationCanceledException)
        {
            StripeTelemetry.End(span, operation, StripeTelemetry.Cancelled);
            throw;
        }
    }

    private static StripeAccountStatus ToStatus(Account account) =>
        new(account.Id, account.ChargesEnabled, account.DetailsSubmitted);
}
