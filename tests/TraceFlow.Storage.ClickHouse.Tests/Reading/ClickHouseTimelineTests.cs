using System.Globalization;
using TraceFlow.Grains.Stats;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;
using static TraceFlow.Storage.ClickHouse.Tests.Infrastructure.TraceDataSet;

namespace TraceFlow.Storage.ClickHouse.Tests.Reading;

/// <summary>
/// The timeline from ClickHouse against what the stats grain's timeline buckets report for the
/// same traces, each counted once in the step its start falls in: counts exactly (retried writes
/// too), percentiles within the grain's 1 %.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseTimelineTests(ComparisonData data) : IClassFixture<ComparisonData>
{
    private const long Second = UnixTime.NanosPerSecond;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ComparisonData.Tenant, 0L, 30_000L, 600L)]
    [InlineData(ComparisonData.Tenant, 3_333L, 9_999L, 97L)]
    [InlineData(ComparisonData.Tenant, 100L, 400L, 1L)]
    [InlineData(ComparisonData.OtherTenant, 0L, 30_000L, 3_600L)]
    public async Task GetTimeline_CountsTracesByTheStepTheyStartIn_AsTheStatsGrainWould(string tenant, long fromSecond, long toSecond, long step)
    {
        var range = TimelineRange.Covering(Start + (fromSecond * Second), Start + (toSecond * Second), step);
        var expected = Expected(tenant, range);

        var actual = await data.Stats.GetTimelineAsync(tenant, range, Cancel);

        Assert.Equal(Counts(expected), Counts(actual));
        Assert.True(expected.Sum(p => p.TraceCount) > 0);
        foreach (var (e, a) in expected.Zip(actual))
        {
            Answers.AssertLatency(e.TraceDurations, a.TraceDurations, string.Create(CultureInfo.InvariantCulture, $"step at {e.StartUnixNanos}"));
        }
    }

    [Fact]
    public async Task GetTimeline_OfATenantWithNothing_IsZerosAtEveryStep()
    {
        var range = TimelineRange.Covering(Start, Start + (3_600 * Second), 60);

        var actual = await data.Stats.GetTimelineAsync("nobody", range, Cancel);

        Assert.Equal(61, actual.Length);
        Assert.Equal(Enumerable.Range(0, 61).Select(range.StartOf), actual.Select(p => p.StartUnixNanos));
        Assert.All(actual, p => Assert.Equal(TimelinePoint.Empty(p.StartUnixNanos), p));
    }

    [Fact]
    public async Task GetStats_SayWhichTimeTheyCover()
    {
        var asked = await data.Stats.GetStatsAsync(ComparisonData.Tenant, Start, Start + (600 * Second), Cancel);
        var defaulted = await data.Stats.GetStatsAsync(ComparisonData.Tenant, null, null, Cancel);

        Assert.Equal((Start, Start + (600 * Second)), (asked.FromUnixNanos, asked.ToUnixNanos));
        var now = UnixTime.Nanos(data.Time.GetUtcNow());
        Assert.Equal((now - (new ClickHouseOptions().DefaultQueryWindow.Ticks * 100), now), (defaulted.FromUnixNanos, defaulted.ToUnixNanos));
    }

    /// <summary>Each kept trace fed to the stats grain's timeline bucket of the step it starts in.</summary>
    private List<TimelinePoint> Expected(string tenant, TimelineRange range)
    {
        var limits = new StatsLimits(1_000, 1_000);
        var buckets = Enumerable.Range(0, range.PointCount).Select(_ => new TimelineBucket()).ToList();
        foreach (var trace in data.Reference.All(tenant))
        {
            var summary = TraceFlow.Grains.Storage.TraceSummary.From(trace);
            if (range.PointOf(summary.StartUnixNanos) is not { } point)
            {
                continue;
            }

            var statistics = new TraceStatistics();
            foreach (var span in trace.Spans)
            {
                statistics.RecordSpan(span.Service, span.Operation, span.DurationNanos, span.IsError, limits);
            }

            statistics.RecordTrace(summary.DurationNanos, trace.Decision);
            buckets[point].Add(statistics);
        }

        return [.. buckets.Select((b, i) => b.ToPoint(range.StartOf(i)))];
    }

    private static IReadOnlyList<string> Counts(IEnumerable<TimelinePoint> points) =>
        [.. points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.StartUnixNanos} traces={p.TraceCount} spans={p.SpanCount} errors={p.ErrorSpanCount}"))];
}
