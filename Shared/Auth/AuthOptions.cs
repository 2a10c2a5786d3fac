using System.Text;
using EventWizard.Shared.Hosting;

namespace EventWizard.Shared.Auth;

/// <summary>Settings under <c>Auth__*</c> (api.md, Authentication and tenancy).</summary>
public sealed class AuthOptions : ICheckedSettings
{
    public const string Section = "Auth";

    /// <summary>The shortest HS256 secret accepted: HMAC-SHA256 keys shorter than the hash are guessable.</summary>
    public const int MinimumSigningKeyBytes = 32;

    public string Issuer { get; set; } = "";
    public string Audience { get; set; } = "";

    /// <summary>HS256 shared secret, at least 32 bytes (Supabase's legacy JWT secret, or the local default).</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>OpenID Connect metadata address or JWKS URL, for RS256/ES256 (Supabase signing keys, Entra ID).</summary>
    public string MetadataAddress { get; set; } = "";

    /// <summary>Claim holding the organization id; a dotted path reaches into a JSON claim.</summary>
    public string OrganizationClaim { get; set; } = "org_id";

    public IReadOnlyList<string> Errors()
    {
        List<string> errors = [];
        if (string.IsNullOrWhiteSpace(Issuer))
        {
            errors.Add("Auth__Issuer is not set: give the issuer (iss) your identity provider writes in its tokens.");
        }
        if (string.IsNullOrWhiteSpace(Audience))
        {
            errors.Add("Auth__Audience is not set: give the audience (aud) the tokens for this API carry.");
        }
        if (SigningKey.Length > 0 && Encoding.UTF8.GetByteCount(SigningKey) < MinimumSigningKeyBytes)
        {
            errors.Add($"Auth__SigningKey must be at least {MinimumSigningKeyBytes} bytes long (it is {Encoding.UTF8.GetByteCount(SigningKey)}).");
        }
        if (SigningKey.Length == 0 && string.IsNullOrWhiteSpace(MetadataAddress))
        {
            errors.Add("Set Auth__SigningKey (HS256) or Auth__MetadataAddress (OpenID Connect / JWKS) to validate tokens.");
        }
        if (!string.IsNullOrWhiteSpace(MetadataAddress) && !IsHttpUrl(MetadataAddress))
        {
            errors.Add("Auth__MetadataAddress must be an absolute http(s) URL: the OpenID Connect metadata " +
                "(…/.well-known/openid-configuration) or JWKS address of your identity provider.");
        }
        if (OrganizationClaim.Split('.', StringSplitOptions.RemoveEmptyEntries).Length == 0)
        {
            errors.Add("Auth__OrganizationClaim must name the claim with the organization id (org_id, or a dotted path such as app_metadata.organization_id).");
        }
        return errors;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
