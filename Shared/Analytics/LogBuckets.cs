namespace EventWizard.Shared.Analytics;

/// <summary>
/// The log-scale histograms of the rollups (sql/003_analytics.sql, analytics_bucket): bucket b holds the values v with
/// <c>Growth^b &lt;= v + 1 &lt; Growth^(b+1)</c>, and is reported as <c>Growth^(b + 1/2) - 1</c>. That is within
/// 2.5% of v + 1, so within 5% of v from 1 up (docs/analytics.md).
/// </summary>
public static class LogBuckets
{
    /// <summary>The ratio of a bucket's upper to its lower bound; sql/003_analytics.sql has the same constant.</summary>
    public const double Growth = 1.05;

    /// <summary>The value a bucket stands for, rounded to a whole number.</summary>
    public static long Representative(int bucket) => (long)Math.Round(Math.Pow(Growth, bucket + 0.5) - 1);

    /// <summary>
    /// The nearest-rank <paramref name="percentile"/> (1..100) of the values counted in <paramref name="buckets"/>
    /// (bucket, count): the bucket holding the value at rank ceil(p/100 × n), as its representative; null when none.
    /// </summary>
    public static long? Percentile(IEnumerable<(int Bucket, long Count)> buckets, int percentile)
    {
        var sorted = buckets.Where(b => b.Count > 0).OrderBy(b => b.Bucket).ToList();
        var total = sorted.Sum(b => b.Count);
        if (total == 0)
        {
            return null;
        }
        var rank = Math.Max(1, (percentile * total + 99) / 100);
        var seen = 0L;
        return Representative(sorted.First(b => (seen += b.Count) >= rank).Bucket);
    }
}
