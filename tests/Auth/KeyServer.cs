using System.Security.Cryptography;
using EventWizard.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace EventWizard.Tests.Auth;

/// <summary>
/// An identity provider's public documents on a loopback port: a JWKS with an RSA and an EC key, and an
/// OpenID Connect metadata document pointing at it.
/// </summary>
public sealed class KeyServer : IAsyncLifetime
{
    public const string Issuer = "https://idp.example.test/";
    public const string Audience = "event-wizard";
    public const string RsaKeyId = "rsa-key-1";
    public const string EcKeyId = "ec-key-1";

    private WebApplication? app;

    public RSA Rsa { get; } = RSA.Create(2048);
    public ECDsa Ec { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public string BaseAddress { get; private set; } = "";
    public string JwksUrl => BaseAddress + "/keys";
    public string MetadataUrl => BaseAddress + "/.well-known/openid-configuration";

    public async Task InitializeAsync()
    {
        app = LoopbackServer.Create();
        var rsa = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(Rsa.ExportParameters(false)) { KeyId = RsaKeyId });
        var ec = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(Ec.ExportParameters(false))) { KeyId = EcKeyId });
        app.MapGet("/keys", () => Results.Json(new
        {
            keys = new object[]
            {
                new { kty = rsa.Kty, kid = rsa.Kid, use = "sig", alg = "RS256", n = rsa.N, e = rsa.E },
                new { kty = ec.Kty, kid = ec.Kid, use = "sig", alg = "ES256", crv = ec.Crv, x = ec.X, y = ec.Y },
            },
        }));
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = JwksUrl,
            ["id_token_signing_alg_values_supported"] = new[] { "RS256", "ES256" },
        }));
        await app.StartAsync();
        BaseAddress = LoopbackServer.AddressOf(app);
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
        Rsa.Dispose();
        Ec.Dispose();
    }
}
