using System.Collections.Immutable;

namespace TraceFlow.Grains.Stats;

/// <summary>
/// The fixed latency bins every histogram of the query API shares, so a UI can draw and compare
/// them without rebinning: bin <c>i</c> counts durations at or below <see cref="UpperBoundsMs"/>[i]
/// and above the bound before it; the last bin counts everything above the last bound.
/// </summary>
public static class LatencyBins
{
    /// <summary>Upper bounds in milliseconds: a 1-2.5-5 ladder from 0.1 ms to 10 s, then 30 s.</summary>
    public static ImmutableArray<double> UpperBoundsMs { get; } = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

    /// <summary>How many bins a histogram has: one per bound and one above the last.</summary>
    public static int Count => UpperBoundsMs.Length + 1;

    /// <summary>The bin of a duration: the first whose bound is at or above it.</summary>
    public static int BinOf(double valueMs)
    {
        var index = UpperBoundsMs.BinarySearch(valueMs);
        return index >= 0 ? index : ~index;
    }
}
