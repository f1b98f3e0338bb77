namespace TraceFlow.Grains.Stats;

/// <summary>
/// A mergeable latency histogram with logarithmic buckets (the DDSketch scheme): any
/// quantile it reports is within <see cref="RelativeAccuracy"/> of the exact value at the
/// same rank, and two histograms merge by adding bucket counts, so per-silo histograms can
/// be combined without bias. Values are milliseconds.
/// </summary>
[GenerateSerializer, Alias("TraceFlow.LatencyHistogram")]
public sealed class LatencyHistogram
{
    public const double RelativeAccuracy = 0.01;

    /// <summary>Values at or below this (1 ns) share one bucket and report as zero.</summary>
    private const double MinTrackedMs = 1e-6;

    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);

    [Id(0)] private readonly Dictionary<int, long> buckets = [];
    [Id(1)] private long zeroCount;
    [Id(2)] private long count;
    [Id(3)] private double min = double.PositiveInfinity;
    [Id(4)] private double max = double.NegativeInfinity;
    [Id(5)] private double sum;

    public long Count => count;

    public double Sum => sum;

    public double Min => count == 0 ? 0 : min;

    public double Max => count == 0 ? 0 : max;

    public void Record(double valueMs)
    {
        if (double.IsNaN(valueMs) || valueMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(valueMs), valueMs, "Latency must be a non-negative number.");
        }

        if (valueMs <= MinTrackedMs)
        {
            zeroCount++;
        }
        else
        {
            var index = (int)Math.Ceiling(Math.Log(valueMs) / LogGamma);
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(buckets, index, out _)++;
        }

        count++;
        sum += valueMs;
        min = Math.Min(min, valueMs);
        max = Math.Max(max, valueMs);
    }

    public void Merge(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (index, n) in other.buckets)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(buckets, index, out _) += n;
        }

        zeroCount += other.zeroCount;
        count += other.count;
        sum += other.sum;
        min = Math.Min(min, other.min);
        max = Math.Max(max, other.max);
    }

    /// <summary>
    /// The nearest-rank percentile (the value at 1-based rank <c>ceil(q * count)</c> of the
    /// sorted values, as the seed reported them), within the relative accuracy; 0 when empty.
    /// </summary>
    public double Quantile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(q);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1.0);
        if (count == 0)
        {
            return 0;
        }

        var rank = Math.Max(0, (long)Math.Ceiling(q * count) - 1);
        if (rank < zeroCount)
        {
            return Math.Min(Math.Max(0, min), max);
        }

        var seen = zeroCount;
        foreach (var index in buckets.Keys.Order())
        {
            seen += buckets[index];
            if (seen > rank)
            {
                var estimate = 2 * Math.Pow(Gamma, index) / (Gamma + 1);
                return Math.Clamp(estimate, min, max);
            }
        }

        return max;
    }

    public LatencyHistogram Clone()
    {
        var copy = new LatencyHistogram();
        copy.Merge(this);
        return copy;
    }
}
