namespace EventWizard.Shared.Auth;

/// <summary>Settings under <c>Auth__*</c> (api.md, Authentication and tenancy).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "";
    public string Audience { get; set; } = "";

    /// <summary>HS256 shared secret, at least 32 bytes (Supabase's legacy JWT secret, or the local default).</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>OpenID Connect metadata address or JWKS URL, for RS256/ES256 (Supabase signing keys, Entra ID).</summary>
    public string MetadataAddress { get; set; } = "";

    /// <summary>Claim holding the organization id; a dotted path reaches into a JSON claim.</summary>
    public string OrganizationClaim { get; set; } = "org_id";
}
