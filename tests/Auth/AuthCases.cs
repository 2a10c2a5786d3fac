using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Auth;

/// <summary>
/// The Authorization headers api.md says must be refused, with the status and problem code each gets.
/// Shared by the authenticator's own tests and the tests over HTTP; tokens use the test host's settings.
/// </summary>
public static class AuthCases
{
    public const string OtherKey = "another-signing-key-0123456789-abcdefghijkl";

    public static TheoryData<string, int, string> Rejected => new()
    {
        { "missing", 401, "unauthorized" },
        { "empty bearer", 401, "unauthorized" },
        { "basic scheme", 401, "unauthorized" },
        { "malformed", 401, "unauthorized" },
        { "not base64", 401, "unauthorized" },
        { "expired beyond the skew", 401, "unauthorized" },
        { "not yet valid beyond the skew", 401, "unauthorized" },
        { "no expiry", 401, "unauthorized" },
        { "wrong signature", 401, "unauthorized" },
        { "tampered payload", 401, "unauthorized" },
        { "wrong issuer", 401, "unauthorized" },
        { "wrong audience", 401, "unauthorized" },
        { "alg none", 401, "unauthorized" },
        { "alg HS512", 401, "unauthorized" },
        { "crit header naming a claim", 401, "unauthorized" },
        { "crit header naming an extension", 401, "unauthorized" },
        { "subject not a UUID", 401, "unauthorized" },
        { "no organization claim", 403, "no_organization" },
        { "organization not a UUID", 403, "no_organization" },
        { "organization a number", 403, "no_organization" },
        { "organization an object", 403, "no_organization" },
    };

    /// <summary>The Authorization header value for a case, or null to send none.</summary>
    public static string? Header(string name)
    {
        var claims = Jwt.Claims(TestHost.Issuer, TestHost.Audience, Guid.NewGuid(), Guid.NewGuid());
        var now = DateTimeOffset.UtcNow;
        return name switch
        {
            "missing" => null,
            "empty bearer" => "Bearer ",
            "basic scheme" => "Basic " + Convert.ToBase64String("user:password"u8.ToArray()),
            "malformed" => "Bearer not-a-jwt",
            "not base64" => "Bearer ***.***.***",
            _ => "Bearer " + Token(name, claims, now),
        };
    }

    private static string Token(string name, Dictionary<string, object?> claims, DateTimeOffset now)
    {
        switch (name)
        {
            case "expired beyond the skew":
                claims["nbf"] = claims["iat"] = now.AddMinutes(-10).ToUnixTimeSeconds();
                claims["exp"] = now.AddSeconds(-90).ToUnixTimeSeconds();
                break;
            case "not yet valid beyond the skew":
                claims["nbf"] = claims["iat"] = now.AddSeconds(90).ToUnixTimeSeconds();
                claims["exp"] = now.AddMinutes(30).ToUnixTimeSeconds();
                break;
            case "no expiry":
                claims.Remove("exp");
                break;
            case "wrong signature":
                return Jwt.Hs256(claims, OtherKey);
            case "tampered payload":
                var token = Jwt.Hs256(claims, TestHost.SigningKey);
                claims["org_id"] = Guid.NewGuid().ToString();
                return Jwt.WithPayload(token, claims);
            case "wrong issuer":
                claims["iss"] = "someone-else";
                break;
            case "wrong audience":
                claims["aud"] = "another-api";
                break;
            case "alg none":
                return Jwt.Unsigned(claims);
            case "alg HS512":
                return Jwt.Hs256(claims, TestHost.SigningKey, "HS512");
            case "crit header naming a claim":
                return Jwt.Hs256(claims, TestHost.SigningKey, header: new Dictionary<string, object?> { ["crit"] = new[] { "exp" } });
            case "crit header naming an extension":
                return Jwt.Hs256(claims, TestHost.SigningKey,
                    header: new Dictionary<string, object?> { ["crit"] = new[] { "urn:example:ext" }, ["urn:example:ext"] = true });
            case "subject not a UUID":
                claims["sub"] = "user-42";
                break;
            case "no organization claim":
                claims.Remove("org_id");
                break;
            case "organization not a UUID":
                claims["org_id"] = "acme";
                break;
            case "organization a number":
                claims["org_id"] = 42;
                break;
            case "organization an object":
                claims["org_id"] = new Dictionary<string, object?> { ["id"] = Guid.NewGuid().ToString() };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
        return Jwt.Hs256(claims, TestHost.SigningKey);
    }
}
