namespace EventWizard.Shared.Cleanup;

/// <summary>
/// Sizes a step's batches so that one statement takes about <see cref="CleanupOptions.StatementTarget"/>: each
/// next batch is the last one scaled by target / elapsed (at most doubled or quartered at once), between
/// <see cref="MinimumBatch"/> and <see cref="CleanupOptions.BatchSize"/>. A fixed size let a slow patch (autovacuum,
/// a checkpoint, a busy machine) stretch single statements past a second; aiming well below that leaves room.
/// A step starts at a quarter of the maximum, since its first batch is the slowest per row (cold pages, the
/// index walk from its start) and nothing has been measured yet.
/// </summary>
public sealed class BatchSizer
{
    public const int MinimumBatch = 100;

    private readonly int maximum;
    private readonly TimeSpan target;

    public BatchSizer(int maximum, TimeSpan target)
    {
        this.maximum = maximum;
        this.target = target;
        Size = Math.Max(Math.Min(MinimumBatch, maximum), maximum / 4);
    }

    public int Size { get; private set; }

    public void Observe(TimeSpan elapsed)
    {
        var scale = elapsed <= TimeSpan.Zero ? 2.0 : Math.Clamp(target / elapsed, 0.25, 2.0);
        Size = (int)Math.Clamp(Size * scale, Math.Min(MinimumBatch, maximum), maximum);
    }
}
