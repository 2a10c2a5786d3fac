using EventWizard.Shared.Data;
using EventWizard.Shared.Http;

namespace EventWizard.Shared.Auth;

/// <summary>Either the authenticated caller or the 401/403 problem to answer with.</summary>
public sealed record AuthResult(Caller? Caller, JsonResult? Problem)
{
    public static AuthResult Success(Caller caller) => new(caller, null);

    public static AuthResult InvalidToken(string detail) =>
        new(null, Problems.Unauthorized(detail).ToResult().WithHeader("WWW-Authenticate", "Bearer error=\"invalid_token\""));

    public static AuthResult MissingToken() =>
        new(null, Problems.Unauthorized("Send Authorization: Bearer <token>.").ToResult().WithHeader("WWW-Authenticate", "Bearer"));

    public static AuthResult IdentityProviderUnavailable() =>
        new(null, Http.Problem.Of(503, "identity_provider_unavailable", "Identity provider unavailable",
            "The identity provider's signing keys cannot be fetched right now, so the token cannot be checked. Try again shortly.")
            .ToResult().WithHeader("Retry-After", "5"));

    public static AuthResult NoOrganization() => new(null, Problems.NoOrganization().ToResult());
}
