using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace EventWizard.Tests.Auth;

/// <summary>Builds JWTs by hand, so a test controls every header and claim (including the ones a library refuses to write).</summary>
public static class Jwt
{
    /// <summary>The usual claims: issuer, audience, subject, organization, valid from a minute ago for 30 minutes.</summary>
    public static Dictionary<string, object?> Claims(string issuer, string audience, Guid user, Guid organization)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object?>
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = user.ToString(),
            ["org_id"] = organization.ToString(),
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(30).ToUnixTimeSeconds(),
        };
    }

    /// <summary>An HMAC-signed token; <paramref name="header"/> adds members to its header (such as <c>crit</c>).</summary>
    public static string Hs256(IDictionary<string, object?> payload, string key, string algorithm = "HS256",
        IDictionary<string, object?>? header = null) =>
        Sign(new Dictionary<string, object?>(header ?? new Dictionary<string, object?>()) { ["alg"] = algorithm, ["typ"] = "JWT" }, payload, data => algorithm switch
        {
            "HS256" => HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), data),
            "HS512" => HMACSHA512.HashData(Encoding.UTF8.GetBytes(key), data),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
        });

    public static string Rs256(IDictionary<string, object?> payload, RSA key, string keyId) =>
        Sign(new Dictionary<string, object?> { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = keyId }, payload,
            data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string Es256(IDictionary<string, object?> payload, ECDsa key, string keyId) =>
        Sign(new Dictionary<string, object?> { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = keyId }, payload,
            data => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    /// <summary><c>alg: none</c> with an empty signature.</summary>
    public static string Unsigned(IDictionary<string, object?> payload) =>
        Sign(new Dictionary<string, object?> { ["alg"] = "none", ["typ"] = "JWT" }, payload, _ => []);

    /// <summary>The token with its payload swapped for another, keeping header and signature.</summary>
    public static string WithPayload(string token, IDictionary<string, object?> payload)
    {
        var parts = token.Split('.');
        return $"{parts[0]}.{Encode(JsonSerializer.SerializeToUtf8Bytes(payload))}.{parts[2]}";
    }

    private static string Sign(IDictionary<string, object?> header, IDictionary<string, object?> payload, Func<byte[], byte[]> signer)
    {
        var signingInput = Encode(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Encode(JsonSerializer.SerializeToUtf8Bytes(payload));
        return signingInput + "." + Encode(signer(Encoding.ASCII.GetBytes(signingInput)));
    }

    private static string Encode(byte[] bytes) => Base64UrlEncoder.Encode(bytes);
}
