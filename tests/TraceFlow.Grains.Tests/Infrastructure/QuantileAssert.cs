using TraceFlow.Grains.Stats;

namespace TraceFlow.Grains.Tests.Infrastructure;

public static class QuantileAssert
{
    /// <summary>The exact value at the rank the histogram reports: floor(q × (n − 1)).</summary>
    public static double ExactQuantile(IReadOnlyList<double> sorted, double q) => sorted[(int)Math.Floor(q * (sorted.Count - 1))];

    public static void AssertWithinAccuracy(double expected, double actual)
    {
        var tolerance = expected * LatencyHistogram.RelativeAccuracy + 1e-9;
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected} ± {tolerance}, got {actual}");
    }
}
