using TraceFlow.Grains.Stats;

namespace TraceFlow.Grains.Tests.Stats;

public sealed class TimelineRangeTests
{
    private const long Second = UnixTime.NanosPerSecond;

    [Fact]
    public void Covering_AlignsStepsToTheEpoch_FromTheStepHoldingFromToTheOneHoldingTo()
    {
        var range = TimelineRange.Covering(12 * Second, 47 * Second, 10);

        Assert.Equal(10 * Second, range.FirstUnixNanos);
        Assert.Equal(4, range.PointCount);
        Assert.Equal(40 * Second, range.StartOf(3));
        Assert.Equal(50 * Second, range.EndUnixNanos);
    }

    [Fact]
    public void Covering_ARangeInsideOneStep_HasOnePoint() =>
        Assert.Equal(1, TimelineRange.Covering(61 * Second, 119 * Second, 60).PointCount);

    [Theory]
    [InlineData(9, null)]
    [InlineData(10, 0)]
    [InlineData(29, 1)]
    [InlineData(49, 3)]
    [InlineData(50, null)]
    public void PointOf_FindsTheStepOfATime_OrNoneOutsideThem(long seconds, int? point) =>
        Assert.Equal(point, TimelineRange.Covering(12 * Second, 47 * Second, 10).PointOf(seconds * Second));

    [Fact]
    public void EndUnixNanos_AtTheEndOf64BitTime_IsCapped() =>
        Assert.Equal(long.MaxValue, TimelineRange.Covering(long.MaxValue - 1, long.MaxValue, 3_600).EndUnixNanos);

    [Fact]
    public void PointsBetween_RefusesAReversedRangeAndABadStep()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimelineRange.PointsBetween(2, 1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimelineRange.PointsBetween(1, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimelineRange.PointsBetween(1, 2, TimelineRange.MaxStepSeconds + 1));
    }
}
