using System.Security.Cryptography;
using System.Text.Json;
using EventWizard.Shared.Auth;
using EventWizard.Shared.Data;
using EventWizard.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EventWizard.Tests.Auth;

/// <summary>The bearer token rules of api.md, checked on the authenticator itself.</summary>
public sealed class AuthenticationTests(KeyServer keys) : IClassFixture<KeyServer>
{
    private static readonly AuthOptions Hs256Options = new()
    {
        Issuer = TestHost.Issuer,
        Audience = TestHost.Audience,
        SigningKey = TestHost.SigningKey,
        OrganizationClaim = "org_id",
    };

    private static readonly JwtAuthenticator Hs256 = Authenticator(Hs256Options);

    public static TheoryData<string, int, string> Rejected => AuthCases.Rejected;

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task A_refused_token_gets_its_status_and_problem_code(string name, int status, string code)
    {
        var result = await Hs256.AuthenticateAsync(Request(AuthCases.Header(name)));

        await AssertProblemAsync(result, status, code);
        if (status == 401)
        {
            Assert.Equal(name == "missing" ? "Bearer" : "Bearer error=\"invalid_token\"", result.Problem!.Headers["WWW-Authenticate"]);
        }
        else
        {
            Assert.False(result.Problem!.Headers.ContainsKey("WWW-Authenticate"));
        }
    }

    [Fact]
    public async Task A_valid_token_gives_the_caller_from_sub_and_org_id()
    {
        var (user, org) = (Guid.NewGuid(), Guid.NewGuid());

        var result = await Hs256.AuthenticateAsync(Request("Bearer " + Jwt.Hs256(Jwt.Claims(TestHost.Issuer, TestHost.Audience, user, org), TestHost.SigningKey)));

        Assert.Equal(new Caller(org, user), result.Caller);
        Assert.Null(result.Problem);
    }

    [Fact]
    public async Task A_token_minted_by_the_test_host_is_accepted()
    {
        var (user, org) = (Guid.NewGuid(), Guid.NewGuid());

        var result = await Hs256.AuthenticateAsync(Request("bearer " + TestHost.TokenFor(org, user)));

        Assert.Equal(new Caller(org, user), result.Caller);
    }

    [Theory]
    [InlineData(-30, 0)]
    [InlineData(0, 30)]
    public async Task Lifetime_is_checked_with_a_60_second_skew(int expiredSecondsAgo, int validInSeconds)
    {
        var (user, org) = (Guid.NewGuid(), Guid.NewGuid());
        var now = DateTimeOffset.UtcNow;
        var claims = Jwt.Claims(TestHost.Issuer, TestHost.Audience, user, org);
        if (expiredSecondsAgo != 0)
        {
            claims["nbf"] = claims["iat"] = now.AddMinutes(-10).ToUnixTimeSeconds();
            claims["exp"] = now.AddSeconds(expiredSecondsAgo).ToUnixTimeSeconds();
        }
        if (validInSeconds != 0)
        {
            claims["nbf"] = claims["iat"] = now.AddSeconds(validInSeconds).ToUnixTimeSeconds();
        }

        var result = await Hs256.AuthenticateAsync(Request("Bearer " + Jwt.Hs256(claims, TestHost.SigningKey)));

        Assert.Equal(new Caller(org, user), result.Caller);
    }

    [Fact]
    public async Task Oid_is_the_user_when_sub_is_not_a_UUID()
    {
        var (oid, org) = (Guid.NewGuid(), Guid.NewGuid());
        var claims = Jwt.Claims(TestHost.Issuer, TestHost.Audience, Guid.Empty, org);
        claims["sub"] = "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ";
        claims["oid"] = oid.ToString();

        var result = await Hs256.AuthenticateAsync(Request("Bearer " + Jwt.Hs256(claims, TestHost.SigningKey)));

        Assert.Equal(new Caller(org, oid), result.Caller);
    }

    [Fact]
    public async Task A_dotted_organization_claim_reaches_into_a_JSON_object_claim()
    {
        var authenticator = Authenticator(new AuthOptions
        {
            Issuer = TestHost.Issuer, Audience = TestHost.Audience, SigningKey = TestHost.SigningKey,
            OrganizationClaim = "app_metadata.organization_id",
        });
        var (user, org) = (Guid.NewGuid(), Guid.NewGuid());
        var claims = Jwt.Claims(TestHost.Issuer, TestHost.Audience, user, Guid.NewGuid());
        claims["app_metadata"] = new Dictionary<string, object?> { ["organization_id"] = org.ToString(), ["provider"] = "email" };
        var withoutIt = Jwt.Claims(TestHost.Issuer, TestHost.Audience, user, org);
        withoutIt["app_metadata"] = new Dictionary<string, object?> { ["provider"] = "email" };
        withoutIt["app_metadata.organization_id"] = org.ToString();

        var accepted = await authenticator.AuthenticateAsync(Request("Bearer " + Jwt.Hs256(claims, TestHost.SigningKey)));
        var refused = await authenticator.AuthenticateAsync(Request("Bearer " + Jwt.Hs256(withoutIt, TestHost.SigningKey)));

        Assert.Equal(new Caller(org, user), accepted.Caller);
        await AssertProblemAsync(refused, 403, "no_organization");
    }

    [Theory]
    [InlineData("jwks", "RS256")]
    [InlineData("jwks", "ES256")]
    [InlineData("metadata", "RS256")]
    [InlineData("metadata", "ES256")]
    public async Task An_asymmetric_token_is_validated_with_keys_fetched_from_the_identity_provider(string address, string algorithm)
    {
        var authenticator = Authenticator(new AuthOptions
        {
            Issuer = KeyServer.Issuer, Audience = KeyServer.Audience,
            MetadataAddress = address == "jwks" ? keys.JwksUrl : keys.MetadataUrl,
        });
        var (user, org) = (Guid.NewGuid(), Guid.NewGuid());
        var claims = Jwt.Claims(KeyServer.Issuer, KeyServer.Audience, user, org);
        var token = algorithm == "RS256" ? Jwt.Rs256(claims, keys.Rsa, KeyServer.RsaKeyId) : Jwt.Es256(claims, keys.Ec, KeyServer.EcKeyId);

        var result = await authenticator.AuthenticateAsync(Request("Bearer " + token));

        Assert.Equal(new Caller(org, user), result.Caller);
    }

    [Fact]
    public async Task An_unreachable_identity_provider_is_503_not_a_logout()
    {
        var authenticator = Authenticator(new AuthOptions
        {
            Issuer = KeyServer.Issuer, Audience = KeyServer.Audience,
            MetadataAddress = "http://127.0.0.1:1/.well-known/jwks.json",
        });
        var claims = Jwt.Claims(KeyServer.Issuer, KeyServer.Audience, Guid.NewGuid(), Guid.NewGuid());

        var result = await authenticator.AuthenticateAsync(Request("Bearer " + Jwt.Rs256(claims, keys.Rsa, KeyServer.RsaKeyId)));

        await AssertProblemAsync(result, 503, "identity_provider_unavailable");
    }

    [Theory]
    [InlineData("jwks")]
    [InlineData("metadata")]
    public async Task An_asymmetric_token_signed_by_another_key_or_for_another_issuer_is_refused(string address)
    {
        var authenticator = Authenticator(new AuthOptions
        {
            Issuer = KeyServer.Issuer, Audience = KeyServer.Audience,
            MetadataAddress = address == "jwks" ? keys.JwksUrl : keys.MetadataUrl,
        });
        using var stranger = RSA.Create(2048);
        var claims = Jwt.Claims(KeyServer.Issuer, KeyServer.Audience, Guid.NewGuid(), Guid.NewGuid());
        var otherIssuer = Jwt.Claims("https://evil.example.test/", KeyServer.Audience, Guid.NewGuid(), Guid.NewGuid());
        var hs256 = Jwt.Claims(KeyServer.Issuer, KeyServer.Audience, Guid.NewGuid(), Guid.NewGuid());

        var wrongKey = await authenticator.AuthenticateAsync(Request("Bearer " + Jwt.Rs256(claims, stranger, KeyServer.RsaKeyId)));
        var unknownKeyId = await authenticator.AuthenticateAsync(Request("Bearer " + Jwt.Rs256(claims, stranger, "rsa-key-unknown")));
        var wrongIssuer = await authenticator.AuthenticateAsync(Request("Bearer " + Jwt.Rs256(otherIssuer, keys.Rsa, KeyServer.RsaKeyId)));
        var unsigned = await authenticator.AuthenticateAsync(Request("Bearer " + Jwt.Unsigned(claims)));
        // The public key's modulus is public: it must not work as an HMAC secret (algorithm confusion).
        var confused = await authenticator.AuthenticateAsync(Request("Bearer " + Jwt.Hs256(hs256,
            Convert.ToBase64String(keys.Rsa.ExportParameters(false).Modulus!))));

        foreach (var result in new[] { wrongKey, unknownKeyId, wrongIssuer, unsigned, confused })
        {
            await AssertProblemAsync(result, 401, "unauthorized");
        }
    }

    [Fact]
    public async Task Only_the_exact_remembered_token_is_let_through()
    {
        var claims = Jwt.Claims(TestHost.Issuer, TestHost.Audience, Guid.NewGuid(), Guid.NewGuid());
        var token = Jwt.Hs256(claims, TestHost.SigningKey);
        var signature = token[(token.LastIndexOf('.') + 1)..];
        var otherSignature = token[..(token.LastIndexOf('.') + 1)] + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];
        var otherPayload = Jwt.Hs256(new Dictionary<string, object?>(claims) { ["org_id"] = Guid.NewGuid().ToString() }, AuthCases.OtherKey);

        var remembered = await Hs256.AuthenticateAsync(Request("Bearer " + token));
        var forged = await Hs256.AuthenticateAsync(Request("Bearer " + otherSignature));
        var otherKey = await Hs256.AuthenticateAsync(Request("Bearer " + otherPayload));
        var again = await Hs256.AuthenticateAsync(Request("Bearer " + token));

        Assert.NotNull(remembered.Caller);
        await AssertProblemAsync(forged, 401, "unauthorized");
        await AssertProblemAsync(otherKey, 401, "unauthorized");
        Assert.Equal(remembered.Caller, again.Caller);
    }

    private static JwtAuthenticator Authenticator(AuthOptions options) =>
        new(Options.Create(options), TimeProvider.System, NullLogger<JwtAuthenticator>.Instance);

    private static HttpRequest Request(string? authorization)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }
        return context.Request;
    }

    /// <summary>No caller, and the problem+json response a client would get.</summary>
    private static async Task AssertProblemAsync(AuthResult result, int status, string code)
    {
        Assert.Null(result.Caller);
        Assert.NotNull(result.Problem);
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await result.Problem.ExecuteAsync(context);

        Assert.Equal(status, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(body.ToArray());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
    }
}
