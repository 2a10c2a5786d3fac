using EventWizard.Shared.Data;

namespace EventWizard.Tests.Infrastructure;

/// <summary>An organization, a user of it, a real token for them, and an HTTP client that sends it.</summary>
public sealed record TenantClient(Guid OrganizationId, Guid UserId, HttpClient Http)
{
    public string Token { get; } = TestHost.TokenFor(OrganizationId, UserId);

    public Caller Caller => new(OrganizationId, UserId);
}
