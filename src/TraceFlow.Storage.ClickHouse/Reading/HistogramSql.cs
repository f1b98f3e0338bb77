using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using TraceFlow.Grains.Stats;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// Span counts per <see cref="LatencyBins"/> bin as ClickHouse expressions over latency bucket
/// numbers. A bucket goes whole to the bin of its reported value, as
/// <see cref="LatencyHistogram.CountsPerBin"/> files it; the last bucket of each bin is worked out
/// here with the histogram's own arithmetic, so both stores bin every bucket alike. Each SQL text
/// holds only constants of this class.
/// </summary>
internal static class HistogramSql
{
    /// <summary>For each bound, the highest bucket whose reported value is at or below it.</summary>
    private static readonly ImmutableArray<int> LastBuckets = [.. LatencyBins.UpperBoundsMs.Select(LastBucketAtOrBelow)];

    /// <summary>
    /// Counts per bin of the rows, each row weighing <paramref name="weight"/>, with
    /// <paramref name="bucket"/> an expression of the row's bucket number: an array of <see cref="LatencyBins.Count"/> UInt64.
    /// </summary>
    public static string Counts(string bucket, string weight)
    {
        // The bin is computed once, under an alias, and compared per bin.
        var bins = Enumerable.Range(0, LatencyBins.Count).Select(i => i == 0
            ? Invariant($"sumIf({weight}, ({BinOf(bucket)} AS latency_bin) = 0)")
            : Invariant($"sumIf({weight}, latency_bin = {i})"));
        return $"[{string.Join(", ", bins)}]";
    }

    /// <summary>The element-wise sum of a column of per-bin counts.</summary>
    public static string Merge(string counts) => $"sumForEach({counts})";

    public static ImmutableArray<long> Read(JsonElement counts) => [.. counts.EnumerateArray().Select(SpanTable.Int)];

    /// <summary>The bin of a bucket number: how many bins end below it (the zero bucket is below all).</summary>
    private static string BinOf(string bucket) => $"({string.Join(" + ", LastBuckets.Select(last => Invariant($"(({bucket}) > {last})")))})";

    private static int LastBucketAtOrBelow(double boundMs)
    {
        // The bound's own bucket reports a value within it, either side of the bound.
        var bucket = LatencyHistogram.BucketOf(boundMs);
        return LatencyHistogram.BucketValue(bucket) <= boundMs ? bucket : bucket - 1;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
