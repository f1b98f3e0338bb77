using System.Collections.Immutable;
using System.Runtime.InteropServices;

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

    /// <summary>Dense bucket counts: <c>counts[i]</c> is bucket <c>offset + i</c>. One operation's latencies span a few hundred buckets at most.</summary>
    [Id(0)] private long[] counts = [];
    [Id(6)] private int offset;
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
            BucketAt(BucketOf(valueMs))++;
        }

        count++;
        sum += valueMs;
        min = Math.Min(min, valueMs);
        max = Math.Max(max, valueMs);
    }

    public void Merge(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < other.counts.Length; i++)
        {
            if (other.counts[i] != 0)
            {
                BucketAt(other.offset + i) += other.counts[i];
            }
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
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen > rank)
            {
                return Math.Clamp(BucketValue(offset + i), min, max);
            }
        }

        return max;
    }

    /// <summary>
    /// Counts per <see cref="LatencyBins"/> bin. Each bucket goes whole to the bin of its
    /// representative value (<see cref="BucketValue"/>), so a value within the relative accuracy
    /// of a bound may land in the bin next to it; the counts add up to <see cref="Count"/>.
    /// </summary>
    public ImmutableArray<long> CountsPerBin()
    {
        var bins = new long[LatencyBins.Count];
        bins[0] += zeroCount; // durations up to 1 ns report as zero
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] != 0)
            {
                bins[LatencyBins.BinOf(BucketValue(offset + i))] += counts[i];
            }
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(bins);
    }

    /// <summary>The bucket a value above 1 ns goes to: the one whose range (γ^(index−1), γ^index] holds it.</summary>
    public static int BucketOf(double valueMs) => (int)Math.Ceiling(Math.Log(valueMs) / LogGamma);

    /// <summary>
    /// The value bucket <paramref name="index"/> reports, in milliseconds: the midpoint (in
    /// relative terms) of its range (γ^(index−1), γ^index], before clamping to the minimum and maximum seen.
    /// </summary>
    public static double BucketValue(int index) => 2 * Math.Pow(Gamma, index) / (Gamma + 1);

    /// <summary>The count of bucket <paramref name="index"/>, growing the dense range to include it.</summary>
    private ref long BucketAt(int index)
    {
        if (counts.Length == 0)
        {
            counts = new long[16];
            offset = index - 8;
        }
        else if (index < offset || index >= offset + counts.Length)
        {
            var low = Math.Min(offset, index);
            var high = Math.Max(offset + counts.Length, index + 1);
            var slack = (high - low) / 2; // grow geometrically, like a list
            var newOffset = index < offset ? low - slack : low;
            var grown = new long[high - low + slack];
            counts.CopyTo(grown, offset - newOffset);
            counts = grown;
            offset = newOffset;
        }

        return ref counts[index - offset];
    }

    public LatencyHistogram Clone()
    {
        var copy = new LatencyHistogram();
        copy.Merge(this);
        return copy;
    }
}
