using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace EventWizard.Shared.Auth;

/// <summary>Reads either an OpenID Connect metadata document (keys from its jwks_uri) or a bare JWKS document.</summary>
internal sealed class OidcOrJwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var document = await retriever.GetDocumentAsync(address, cancel);
        using var json = JsonDocument.Parse(document);
        if (json.RootElement.TryGetProperty("keys", out _))
        {
            var configuration = new OpenIdConnectConfiguration();
            foreach (var key in new JsonWebKeySet(document).GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }
            return configuration;
        }
        return await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancel);
    }
}
