using Microsoft.Extensions.Time.Testing;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Stats;

namespace TraceFlow.Grains.Tests.Stats;

public sealed class TimelineRingTests
{
    private const long Second = UnixTime.NanosPerSecond;
    private static readonly StatsLimits Limits = new(10, 10);

    /// <summary>2026-01-01 00:00:00 UTC: a whole hour, so bucket and step starts are easy to read.</summary>
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private long Now => UnixTime.Nanos(clock.GetUtcNow());

    [Fact]
    public void Points_CountEachDeltaInTheTenSecondBucketItArrivedIn()
    {
        var ring = new TimelineRing();
        var start = Now;
        ring.Add(clock.GetUtcNow(), Delta(spans: 3, errors: 1, traceDurationsMs: [10, 20]));
        clock.Advance(TimeSpan.FromSeconds(9));
        ring.Add(clock.GetUtcNow(), Delta(spans: 2, errors: 0, traceDurationsMs: [30]));
        clock.Advance(TimeSpan.FromSeconds(1));
        ring.Add(clock.GetUtcNow(), Delta(spans: 5, errors: 2, traceDurationsMs: []));

        var points = ring.Points(TimelineRange.Covering(start - (10 * Second), Now, 10), clock.GetUtcNow());

        Assert.Equal([start - (10 * Second), start, start + (10 * Second)], points.Select(p => p.StartUnixNanos));
        Assert.Equal([(0L, 0L, 0L), (3L, 5L, 1L), (0L, 5L, 2L)], points.Select(p => (p.TraceCount, p.SpanCount, p.ErrorSpanCount)));
        Assert.Equal(20, points[1].TraceDurations.P50Ms, 0.2);
        Assert.Equal(30, points[1].TraceDurations.P99Ms, 0.3);
        Assert.Equal(LatencySummary.Empty, points[0].TraceDurations);
    }

    [Fact]
    public void Points_OfCoarserSteps_MergeTheBucketsThatStartInThem()
    {
        var ring = new TimelineRing();
        var start = Now;
        for (var i = 0; i < 7; i++)
        {
            ring.Add(clock.GetUtcNow(), Delta(spans: 1, errors: i % 2, traceDurationsMs: [i + 1]));
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        var points = ring.Points(TimelineRange.Covering(start, start + (69 * Second), 30), clock.GetUtcNow());

        Assert.Equal([(3L, 3L, 1L), (3L, 3L, 2L), (1L, 1L, 0L)], points.Select(p => (p.TraceCount, p.SpanCount, p.ErrorSpanCount)));
        Assert.Equal(2, points[0].TraceDurations.P50Ms, 0.02);
        Assert.Equal(7, points[2].TraceDurations.MaxMs);
    }

    [Fact]
    public void Points_AfterAnHour_DropTheOldBuckets_AndReuseTheirSlots()
    {
        var ring = new TimelineRing();
        var first = Now;
        ring.Add(clock.GetUtcNow(), Delta(spans: 4, errors: 0, traceDurationsMs: []));
        clock.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(50));
        Assert.Equal(4, ring.Points(TimelineRange.Covering(first, first, 10), clock.GetUtcNow())[0].SpanCount);

        // One hour after the first bucket started, its slot belongs to the new bucket.
        clock.Advance(TimeSpan.FromSeconds(10));
        ring.Add(clock.GetUtcNow(), Delta(spans: 1, errors: 0, traceDurationsMs: []));
        var points = ring.Points(TimelineRange.Covering(first, Now, 3_600), clock.GetUtcNow());

        Assert.Equal([0L, 1L], points.Select(p => p.SpanCount));
    }

    [Fact]
    public void Points_OfAQuietRing_AfterAnHour_AreZeros()
    {
        var ring = new TimelineRing();
        var first = Now;
        ring.Add(clock.GetUtcNow(), Delta(spans: 4, errors: 1, traceDurationsMs: [5]));
        clock.Advance(TimeSpan.FromHours(1));

        var points = ring.Points(TimelineRange.Covering(first, Now, 10), clock.GetUtcNow());

        Assert.Equal(361, points.Length);
        Assert.All(points, p => Assert.Equal((0L, 0L, 0L), (p.TraceCount, p.SpanCount, p.ErrorSpanCount)));
    }

    [Fact]
    public void Points_BeforeOrAfterTheBuckets_AreZerosAtTheirOwnStarts()
    {
        var ring = new TimelineRing();
        ring.Add(clock.GetUtcNow(), Delta(spans: 1, errors: 0, traceDurationsMs: []));
        var later = Now + (3_600 * Second);

        var points = ring.Points(TimelineRange.Covering(later, later + (20 * Second), 10), clock.GetUtcNow());

        Assert.Equal([later, later + (10 * Second), later + (20 * Second)], points.Select(p => p.StartUnixNanos));
        Assert.All(points, p => Assert.Equal(0, p.SpanCount));
    }

    private static TraceStatistics Delta(int spans, int errors, double[] traceDurationsMs)
    {
        var delta = new TraceStatistics();
        for (var i = 0; i < spans; i++)
        {
            delta.RecordSpan("svc", "op", 1_000_000, isError: i < errors, Limits);
        }

        foreach (var ms in traceDurationsMs)
        {
            delta.RecordTrace((long)(ms * 1_000_000), new SamplingDecision(true, "always_sample"));
        }

        return delta;
    }
}
