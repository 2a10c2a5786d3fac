using EventWizard.Shared.Analytics;
using Microsoft.Azure.Functions.Worker;

namespace EventWizard.Cleanup.Functions;

/// <summary>
/// Every minute: folds the interactions, publishes and session starts of the last minute into the analytics counter rows
/// (<see cref="Shared.Analytics.AnalyticsFold"/>). The DevHost's POST /admin/functions/AnalyticsFold runs it on demand.
/// </summary>
public sealed class AnalyticsFold(Shared.Analytics.AnalyticsFold fold)
{
    [Function(nameof(AnalyticsFold))]
    public Task<AnalyticsFoldReport> Run([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken ct) => fold.RunAsync(ct);
}
