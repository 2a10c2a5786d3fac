using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventWizard.DevHost;

/// <summary>Mints HS256 tokens with the local signing key, for the printed curl line and the tests.</summary>
public static class DevTokens
{
    /// <summary>The organization and user of the printed local token.</summary>
    public static readonly Guid LocalOrganization = Guid.Parse("00000000-0000-4000-8000-00000000a001");
    public static readonly Guid LocalUser = Guid.Parse("00000000-0000-4000-8000-00000000b001");

    public static string Create(IConfiguration configuration, Guid organizationId, Guid userId, TimeSpan lifetime) =>
        Create(configuration["Auth:SigningKey"]!, configuration["Auth:Issuer"]!, configuration["Auth:Audience"]!,
            new Dictionary<string, object> { ["sub"] = userId.ToString(), ["org_id"] = organizationId.ToString() }, lifetime);

    public static string Create(string signingKey, string issuer, string audience, IDictionary<string, object> claims,
        TimeSpan lifetime, DateTime? notBefore = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = notBefore ?? now,
            NotBefore = notBefore ?? now,
            Expires = (notBefore ?? now) + lifetime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
