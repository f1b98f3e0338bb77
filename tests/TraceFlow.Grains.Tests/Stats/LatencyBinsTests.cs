using TraceFlow.Grains.Stats;

namespace TraceFlow.Grains.Tests.Stats;

public sealed class LatencyBinsTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.1, 0)]
    [InlineData(0.1000001, 1)]
    [InlineData(1, 3)]
    [InlineData(1.5, 4)]
    [InlineData(10_000, 15)]
    [InlineData(30_000, 16)]
    [InlineData(30_000.001, 17)]
    [InlineData(1e12, 17)]
    public void BinOf_PutsAValueInTheFirstBinWhoseBoundIsAtOrAboveIt(double valueMs, int bin) =>
        Assert.Equal(bin, LatencyBins.BinOf(valueMs));

    [Fact]
    public void Bounds_RiseStrictly_AndLeaveOneBinAboveTheLast()
    {
        Assert.Equal(17, LatencyBins.UpperBoundsMs.Length);
        Assert.Equal(18, LatencyBins.Count);
        Assert.True(LatencyBins.UpperBoundsMs.Zip(LatencyBins.UpperBoundsMs.Skip(1), (a, b) => a < b).All(rising => rising));
    }
}
