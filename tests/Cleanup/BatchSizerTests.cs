using EventWizard.Shared.Cleanup;

namespace EventWizard.Tests.Cleanup;

public sealed class BatchSizerTests
{
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void Starts_at_the_maximum_and_stays_there_while_statements_are_fast()
    {
        var sizer = new BatchSizer(5000, Target);

        sizer.Observe(TimeSpan.FromMilliseconds(100));

        Assert.Equal(5000, sizer.Size);
    }

    [Fact]
    public void A_slow_statement_shrinks_the_next_batch_in_proportion()
    {
        var sizer = new BatchSizer(5000, Target);

        sizer.Observe(TimeSpan.FromMilliseconds(500));

        Assert.Equal(2500, sizer.Size);
    }

    [Fact]
    public void A_very_slow_statement_quarters_the_batch_at_most_and_never_goes_below_the_minimum()
    {
        var sizer = new BatchSizer(5000, Target);

        sizer.Observe(TimeSpan.FromSeconds(10));
        var once = sizer.Size;
        for (var i = 0; i < 10; i++)
        {
            sizer.Observe(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(1250, once);
        Assert.Equal(BatchSizer.MinimumBatch, sizer.Size);
    }

    [Fact]
    public void Fast_statements_after_slow_ones_grow_the_batch_back_to_at_most_the_maximum()
    {
        var sizer = new BatchSizer(5000, Target);
        sizer.Observe(TimeSpan.FromSeconds(1));

        sizer.Observe(TimeSpan.FromMilliseconds(50));
        var doubled = sizer.Size;
        sizer.Observe(TimeSpan.FromMilliseconds(50));
        sizer.Observe(TimeSpan.Zero);

        Assert.Equal(2500, doubled);
        Assert.Equal(5000, sizer.Size);
    }

    [Fact]
    public void A_maximum_below_the_minimum_batch_is_kept()
    {
        var sizer = new BatchSizer(3, Target);

        sizer.Observe(TimeSpan.FromSeconds(5));

        Assert.Equal(3, sizer.Size);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(20_000)]
    public void A_statement_target_outside_10_ms_to_10_s_is_refused_with_the_setting_named(int milliseconds)
    {
        var settings = new CleanupOptions { StatementTarget = TimeSpan.FromMilliseconds(milliseconds) };

        Assert.Contains(settings.Errors(), error => error.Contains("Cleanup__StatementTarget", StringComparison.Ordinal));
    }
}
