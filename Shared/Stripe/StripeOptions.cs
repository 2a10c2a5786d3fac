using EventWizard.Shared.Hosting;

namespace EventWizard.Shared.Stripe;

/// <summary>Settings under <c>Stripe__*</c>. Without a secret key, Stripe is "not configured".</summary>
public sealed class StripeOptions : ICheckedSettings
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

    public IReadOnlyList<string> Errors()
    {
        List<string> errors = [];
        if (!string.IsNullOrWhiteSpace(ApiBase)
            && !(Uri.TryCreate(ApiBase, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add("Stripe__ApiBase must be an absolute http(s) URL, or empty for Stripe's own API.");
        }
        if (AccountType is not ("express" or "standard"))
        {
            errors.Add($"Stripe__AccountType is '{AccountType}'; set it to express (the default) or standard.");
        }
        if (StatusCacheTtl <= TimeSpan.Zero)
        {
            errors.Add($"Stripe__StatusCacheTtl must be positive, e.g. 00:05:00 (it is {StatusCacheTtl}).");
        }
        if (NotReadyCacheTtl <= TimeSpan.Zero)
        {
            errors.Add($"Stripe__NotReadyCacheTtl must be positive, e.g. 00:00:30 (it is {NotReadyCacheTtl}).");
        }
        return errors;
    }
}
