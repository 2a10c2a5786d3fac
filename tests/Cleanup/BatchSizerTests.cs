using EventWizard.Shared.Cleanup;

namespace EventWizard.Tests.Cleanup;

public sealed class BatchSizerTests
{
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void Starts_at_a_quarter_of_the_maximum_and_doubles_up_to_it_while_statements_are_fast()
    {
        var sizer = new BatchSizer(5000, Target);
        var first = sizer.Size;

        sizer.Observe(TimeSpan.FromMilliseconds(100));
        var second = sizer.Size;
        sizer.Observe(TimeSpan.FromMilliseconds(100));
        sizer.Observe(TimeSpan.Zero);

        Assert.Equal(1250, first);
        Assert.Equal(2500, second);
        Assert.Equal(5000, sizer.Size);
    }

    [Fact]
    public void A_slow_statement_shrinks_the_next_batch_in_proportion()
    {
        var sizer = new BatchSizer(5000, Target);

        sizer.Observe(TimeSpan.FromMilliseconds(500));

        Assert.Equal(625, sizer.Size);
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

        Assert.Equal(312, once);
        Assert.Equal(BatchSizer.MinimumBatch, sizer.Size);
    }

    [Fact]
    public void A_small_maximum_starts_at_the_minimum_batch_or_the_maximum_itself()
    {
        Assert.Equal(BatchSizer.MinimumBatch, new BatchSizer(300, Target).Size);
        Assert.Equal(3, new BatchSizer(3, Target).Size);
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
