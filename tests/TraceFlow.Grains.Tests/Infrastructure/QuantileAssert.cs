using TraceFlow.Grains.Stats;

namespace TraceFlow.Grains.Tests.Infrastructure;

public static class QuantileAssert
{
    /// <summary>The exact nearest-rank percentile: the value at 1-based rank ceil(q × n).</summary>
    public static double ExactQuantile(IReadOnlyList<double> sorted, double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1)];

    public static void AssertWithinAccuracy(double expected, double actual)
    {
        var tolerance = expected * LatencyHistogram.RelativeAccuracy + 1e-9;
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected} ± {tolerance}, got {actual}");
    }
}
