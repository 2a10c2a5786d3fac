using EventWizard.Shared.Hosting;

namespace EventWizard.Shared.Cleanup;

/// <summary>Settings under <c>Cleanup__*</c> (time spans as <c>d.hh:mm:ss</c>).</summary>
public sealed class CleanupOptions : ICheckedSettings
{
    public const string Section = "Cleanup";

    /// <summary>Most rows per statement; each batch is its own short transaction.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>
    /// About how long one batch statement should take: batches shrink below <see cref="BatchSize"/> when
    /// statements run slower than this (<see cref="BatchSizer"/>).
    /// </summary>
    public TimeSpan StatementTarget { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A run stops starting new batches once this much time has passed; the next run carries on.</summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>Interaction text older than this is redacted (or earlier, at the row's own expires_at).</summary>
    public TimeSpan InteractionRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Expired or abandoned sessions unchanged for this long are deleted with their children.</summary>
    public TimeSpan ClosedSessionRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>An action still in_progress this long after its last update is released as failed.</summary>
    public TimeSpan ActionLease { get; set; } = TimeSpan.FromMinutes(10);

    public IReadOnlyList<string> Errors()
    {
        List<string> errors = [];
        if (BatchSize is < 1 or > 50_000)
        {
            errors.Add($"Cleanup__BatchSize must be between 1 and 50000 (it is {BatchSize}).");
        }
        if (StatementTarget < TimeSpan.FromMilliseconds(10) || StatementTarget > TimeSpan.FromSeconds(10))
        {
            errors.Add($"Cleanup__StatementTarget must be between 00:00:00.010 and 00:00:10 (it is {StatementTarget}).");
        }
        if (TimeBudget <= TimeSpan.Zero)
        {
            errors.Add($"Cleanup__TimeBudget must be positive, e.g. 00:04:00 (it is {TimeBudget}).");
        }
        if (InteractionRetention < TimeSpan.FromDays(1))
        {
            errors.Add($"Cleanup__InteractionRetention must be at least 1.00:00:00 (it is {InteractionRetention}).");
        }
        if (ClosedSessionRetention < TimeSpan.FromDays(1))
        {
            errors.Add($"Cleanup__ClosedSessionRetention must be at least 1.00:00:00 (it is {ClosedSessionRetention}).");
        }
        if (ActionLease < TimeSpan.FromMinutes(1))
        {
            errors.Add($"Cleanup__ActionLease must be at least 00:01:00 (it is {ActionLease}).");
        }
        return errors;
    }
}
