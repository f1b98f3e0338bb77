using TraceFlow.Storage.ClickHouse.Schema;

namespace TraceFlow.Storage.ClickHouse.Tests;

/// <summary>Which whole hours of a range statistics read from the rollup: no span may be counted by both the rollup and the raw ends, nor by neither.</summary>
public sealed class LatencyBucketsTests
{
    private const long Hour = LatencyBuckets.NanosPerHour;

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(1L, 1L)]
    [InlineData(Hour - 1, 1L)]
    [InlineData(Hour, 1L)]
    [InlineData(-1L, 0L)]
    [InlineData(-Hour, -1L)]
    [InlineData(-Hour - 1, -1L)]
    public void FirstHourFrom_IsTheFirstHourStartingAtOrAfter(long from, long expected) =>
        Assert.Equal(expected, LatencyBuckets.FirstHourFrom(from));

    [Theory]
    [InlineData(Hour - 1, 0L)]
    [InlineData(Hour - 2, -1L)]
    [InlineData(Hour, 0L)]
    [InlineData((2 * Hour) - 1, 1L)]
    [InlineData(-1L, -1L)]
    [InlineData(-2L, -2L)]
    [InlineData(long.MaxValue, (long.MaxValue / Hour) - 1)]
    public void LastHourTo_IsTheLastHourEndingAtOrBefore(long to, long expected) =>
        Assert.Equal(expected, LatencyBuckets.LastHourTo(to));
}
