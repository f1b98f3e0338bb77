using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Tests.Infrastructure;
using static TraceFlow.Grains.Tests.Infrastructure.QuantileAssert;

namespace TraceFlow.Grains.Tests.Stats;

public sealed class LatencyHistogramTests
{
    private static readonly double[] Quantiles = [0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Quantile_OnRandomData_IsWithinRelativeAccuracyOfTheExactValue(int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 5_000)
            .Select(_ => Math.Exp(random.NextDouble() * 12 - 4)) // 0.02 ms .. 3 minutes, log-uniform
            .ToList();
        var histogram = new LatencyHistogram();
        values.ForEach(histogram.Record);
        values.Sort();

        foreach (var q in Quantiles)
        {
            AssertWithinAccuracy(ExactQuantile(values, q), histogram.Quantile(q));
        }

        Assert.Equal(values.Count, histogram.Count);
        Assert.Equal(values[0], histogram.Min);
        Assert.Equal(values[^1], histogram.Max);
    }

    [Fact]
    public void Merge_OfPartHistograms_EqualsOneHistogramOfAllValues()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 3_000).Select(_ => random.NextDouble() * 500).ToList();
        var whole = new LatencyHistogram();
        var parts = new[] { new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram() };
        for (var i = 0; i < values.Count; i++)
        {
            whole.Record(values[i]);
            parts[i % 3].Record(values[i]);
        }

        var merged = new LatencyHistogram();
        foreach (var part in parts)
        {
            merged.Merge(part);
        }

        foreach (var q in Quantiles)
        {
            Assert.Equal(whole.Quantile(q), merged.Quantile(q));
        }

        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Sum, merged.Sum, 6);
    }

    [Fact]
    public void Quantile_WithZeroDurations_ReportsZero()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(0);
        histogram.Record(0);
        histogram.Record(10);

        Assert.Equal(0, histogram.Quantile(0.5));
        AssertWithinAccuracy(10, histogram.Quantile(1.0));
    }

    [Fact]
    public void Quantile_OfEmptyHistogram_IsZero() => Assert.Equal(0, new LatencyHistogram().Quantile(0.99));

    [Fact]
    public void Record_RejectsNegativeAndNaN()
    {
        var histogram = new LatencyHistogram();
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Record(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Record(double.NaN));
    }

    [Fact]
    public void CountsPerBin_OfValuesAwayFromTheBounds_AreExact()
    {
        // Each value lies more than the 1 % accuracy away from every bound, so its bucket cannot straddle one.
        double[] values = [0, 0.05, 0.3, 0.3, 7, 99, 102, 4_000, 20_000, 60_000];
        var histogram = new LatencyHistogram();
        foreach (var value in values)
        {
            histogram.Record(value);
        }

        var bins = histogram.CountsPerBin();

        long[] expected = [2, 0, 2, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1];
        Assert.Equal(expected, bins);
        Assert.Equal(histogram.Count, bins.Sum());
    }

    [Fact]
    public void CountsPerBin_OfAnEmptyHistogram_AreZerosForEveryBin() =>
        Assert.Equal(new long[LatencyBins.Count], new LatencyHistogram().CountsPerBin());

    [Fact]
    public void CountsPerBin_OnRandomData_AddUpAndMissTheExactBinOnlyWithinTheAccuracy()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 5_000).Select(_ => Math.Exp((random.NextDouble() * 16) - 5)).ToList();
        var histogram = new LatencyHistogram();
        values.ForEach(histogram.Record);

        var bins = histogram.CountsPerBin();

        Assert.Equal(values.Count, bins.Sum());
        var exact = new long[LatencyBins.Count];
        values.ForEach(v => exact[LatencyBins.BinOf(v)]++);
        var nearBounds = values.Count(v => LatencyBins.UpperBoundsMs.Any(b => Math.Abs(v - b) <= b * 2 * LatencyHistogram.RelativeAccuracy));
        Assert.True(exact.Zip(bins, (e, a) => Math.Abs(e - a)).Sum() <= 2 * nearBounds);
    }
}
