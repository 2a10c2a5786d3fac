using EventWizard.Shared.Auth;

namespace EventWizard.Tests.Auth;

public sealed class AuthOptionsTests
{
    private static AuthOptions Hs256(string signingKey) => new() { Issuer = "issuer", Audience = "audience", SigningKey = signingKey };

    [Fact]
    public void A_signing_key_of_exactly_32_bytes_passes_and_31_bytes_does_not()
    {
        Assert.Empty(Hs256(new string('k', 32)).Errors());
        Assert.Contains(Hs256(new string('k', 31)).Errors(), error => error.StartsWith("Auth__SigningKey ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_signing_key_length_is_counted_in_utf8_bytes()
    {
        Assert.Empty(Hs256(new string('é', 16)).Errors());
        Assert.NotEmpty(Hs256(new string('é', 15) + "e").Errors());
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration")]
    [InlineData("http://127.0.0.1:5000/jwks")]
    public void A_metadata_address_without_a_signing_key_passes(string address)
    {
        Assert.Empty(new AuthOptions { Issuer = "issuer", Audience = "audience", MetadataAddress = address }.Errors());
    }

    [Theory]
    [InlineData("Auth__Issuer", "", "audience", "0123456789abcdef0123456789abcdef", "", "org_id")]
    [InlineData("Auth__Audience", "issuer", " ", "0123456789abcdef0123456789abcdef", "", "org_id")]
    [InlineData("Auth__SigningKey", "issuer", "audience", "", "", "org_id")]
    [InlineData("Auth__MetadataAddress", "issuer", "audience", "", "login.example.com/jwks", "org_id")]
    [InlineData("Auth__MetadataAddress", "issuer", "audience", "", "ftp://example.com/jwks", "org_id")]
    [InlineData("Auth__OrganizationClaim", "issuer", "audience", "0123456789abcdef0123456789abcdef", "", ".")]
    public void A_bad_setting_is_named(string setting, string issuer, string audience, string signingKey, string metadataAddress,
        string organizationClaim)
    {
        var settings = new AuthOptions
        {
            Issuer = issuer,
            Audience = audience,
            SigningKey = signingKey,
            MetadataAddress = metadataAddress,
            OrganizationClaim = organizationClaim,
        };

        Assert.Contains(setting, Assert.Single(settings.Errors()), StringComparison.Ordinal);
    }
}
