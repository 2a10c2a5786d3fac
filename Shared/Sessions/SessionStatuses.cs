namespace EventWizard.Shared.Sessions;

/// <summary>The values of wizard_sessions.status.</summary>
public static class SessionStatuses
{
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Abandoned = "abandoned";
    public const string Expired = "expired";

    public static readonly IReadOnlyList<string> All = [InProgress, Completed, Abandoned, Expired];
}
