namespace EventWizard.Shared.Stripe;

/// <summary>Settings under <c>Stripe__*</c>. Without a secret key, Stripe is "not configured".</summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    /// <summary>The platform's secret key (<c>sk_live_…</c>/<c>sk_test_…</c>); a Key Vault reference in Azure.</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>Another base URL for Stripe's API (tests point it at a fake Stripe on loopback); empty means Stripe's.</summary>
    public string ApiBase { get; set; } = "";

    /// <summary>Connected account type: <c>express</c> (default: Stripe-hosted onboarding and dashboard) or <c>standard</c>.</summary>
    public string AccountType { get; set; } = "express";

    /// <summary>How long a "charges enabled" answer from Stripe is trusted.</summary>
    public TimeSpan StatusCacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a "not ready yet" answer is trusted: short, since the organizer may be finishing onboarding right now.</summary>
    public TimeSpan NotReadyCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);
}
