namespace EventWizard.Shared.Data;

/// <summary>The authenticated caller: every tenant-scoped statement runs as this organization and user.</summary>
public sealed record Caller(Guid OrganizationId, Guid UserId);
