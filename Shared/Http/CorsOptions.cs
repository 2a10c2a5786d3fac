using EventWizard.Shared.Hosting;

namespace EventWizard.Shared.Http;

/// <summary>Settings under <c>Cors__*</c> (api.md, Browser clients).</summary>
public sealed class CorsOptions : ICheckedSettings
{
    public const string Section = "Cors";

    /// <summary>
    /// Comma-separated exact origins (<c>https://wizard.example.com</c>), origins with any port
    /// (<c>http://localhost:*</c>), or <c>*</c>. Empty (the default): no cross-origin calls.
    /// </summary>
    public string AllowedOrigins { get; set; } = "";

    public IReadOnlyList<string> Errors() =>
        CorsPolicy.ParseAllowedOrigins(AllowedOrigins).Error is { } error ? [error] : [];
}
