namespace EventWizard.Bench.PublishLoad;

/// <summary>A prepared session and the token of its tenant.</summary>
public sealed record BenchSession(string SessionId, Guid OrganizationId, string Token);
