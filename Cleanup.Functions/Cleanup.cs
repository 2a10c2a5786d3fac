using EventWizard.Shared.Cleanup;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.Cleanup.Functions;

/// <summary>
/// The nightly retention run (schedule from app setting <c>CleanupSchedule</c>, six fields, UTC). The
/// returned counts are logged by the runner; the DevHost's POST /admin/functions/Cleanup answers with them.
/// </summary>
public sealed class Cleanup(CleanupRunner cleanup)
{
    [Function(nameof(Cleanup))]
    public Task<CleanupReport> Run([TimerTrigger("%CleanupSchedule%")] TimerInfo timer, CancellationToken ct) =>
        cleanup.RunAsync(ct);
}
