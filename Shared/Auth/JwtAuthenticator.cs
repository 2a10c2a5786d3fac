using System.Security.Claims;
using System.Text;
using System.Text.Json;
using EventWizard.Shared.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace EventWizard.Shared.Auth;

/// <summary>
/// Validates the bearer token (signature, lifetime with 60 s skew, issuer, audience) and reads the caller:
/// user from <c>sub</c> (or <c>oid</c>), organization from the configured claim.
/// </summary>
public sealed class JwtAuthenticator
{
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters parameters;
    private readonly string[] organizationPath;
    private readonly ValidatedTokens validated;
    private readonly ILogger<JwtAuthenticator> logger;

    public JwtAuthenticator(IOptions<AuthOptions> options, TimeProvider clock, ILogger<JwtAuthenticator> logger)
    {
        var settings = options.Value;
        this.logger = logger;
        validated = new ValidatedTokens(clock);
        organizationPath = settings.OrganizationClaim.Split('.', StringSplitOptions.RemoveEmptyEntries);
        parameters = BuildParameters(settings);
    }

    public async Task<AuthResult> AuthenticateAsync(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header))
        {
            return AuthResult.MissingToken();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            return AuthResult.InvalidToken("The Authorization header must be 'Bearer <token>'.");
        }
        var encoded = header["Bearer ".Length..].Trim();
        if (validated.Find(encoded) is { } known)
        {
            return AuthResult.Success(known);
        }
        if (!await IdentityProviderReachableAsync(encoded))
        {
            return AuthResult.IdentityProviderUnavailable();
        }
        var result = await handler.ValidateTokenAsync(encoded, parameters);
        if (!result.IsValid)
        {
            logger.LogInformation("Rejected a bearer token: {Reason}", result.Exception?.GetType().Name);
            return AuthResult.InvalidToken(Describe(result.Exception));
        }
        var token = (JsonWebToken)result.SecurityToken;
        if (NamesCriticalExtensions(token))
        {
            logger.LogInformation("Rejected a bearer token: its header names critical extensions (crit)");
            return AuthResult.InvalidToken("The token's header names critical extensions (crit); this API supports none.");
        }
        var userId = ReadUserId(token);
        if (userId is null)
        {
            return AuthResult.InvalidToken("The token's subject (sub or oid) is not a UUID.");
        }
        var organizationId = ReadOrganizationId(token);
        if (organizationId is null)
        {
            return AuthResult.NoOrganization();
        }
        var caller = new Caller(organizationId.Value, userId.Value);
        validated.Add(encoded, caller, token.ValidTo);
        return AuthResult.Success(caller);
    }

    /// <summary>
    /// For a token the identity provider's keys must check: can those keys be had? If not, the caller gets 503
    /// (try again) rather than 401, which a frontend would take as "log the user out". Once fetched, the keys
    /// are cached and a failed refresh keeps the old ones.
    /// </summary>
    private async Task<bool> IdentityProviderReachableAsync(string encoded)
    {
        if (parameters.ConfigurationManager is not { } configuration || !handler.CanReadToken(encoded)
            || new JsonWebToken(encoded).Alg == SecurityAlgorithms.HmacSha256)
        {
            return true;
        }
        try
        {
            await configuration.GetBaseConfigurationAsync(CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException)
        {
            logger.LogWarning(ex, "The identity provider's signing keys cannot be fetched");
            return false;
        }
    }

    private static TokenValidationParameters BuildParameters(AuthOptions settings)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidateIssuer = true,
            ValidAudience = settings.Audience,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(60),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
        };
        if (!string.IsNullOrEmpty(settings.SigningKey))
        {
            parameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKey));
        }
        if (!string.IsNullOrEmpty(settings.MetadataAddress))
        {
            parameters.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                settings.MetadataAddress, new OidcOrJwksRetriever(), new HttpDocumentRetriever { RequireHttps = false });
        }
        return parameters;
    }

    /// <summary>
    /// RFC 7515 4.1.11: a receiver that does not understand every extension a token's <c>crit</c> names must refuse the
    /// token. We understand none, so any <c>crit</c> makes it invalid.
    /// </summary>
    private static bool NamesCriticalExtensions(JsonWebToken token)
    {
        using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedHeader));
        return header.RootElement.TryGetProperty("crit", out _);
    }

    private static Guid? ReadUserId(JsonWebToken token)
    {
        if (Guid.TryParse(token.Subject, out var subject))
        {
            return subject;
        }
        return token.TryGetPayloadValue<string>("oid", out var oid) && Guid.TryParse(oid, out var objectId) ? objectId : null;
    }

    private Guid? ReadOrganizationId(JsonWebToken token)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
        var element = payload.RootElement;
        foreach (var segment in organizationPath)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return null;
            }
        }
        return element.ValueKind == JsonValueKind.String && Guid.TryParse(element.GetString(), out var id) ? id : null;
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenInvalidIssuerException => "The token's issuer is not accepted.",
        SecurityTokenInvalidAudienceException => "The token's audience is not accepted.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "The token's signature is not valid.",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not accepted.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        SecurityTokenMalformedException or ArgumentException => "The token is malformed.",
        _ => "The token is not valid.",
    };
}
