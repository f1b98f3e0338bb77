using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;
using static TraceFlow.Storage.ClickHouse.Tests.Infrastructure.TraceDataSet;

namespace TraceFlow.Storage.ClickHouse.Tests.Reading;

/// <summary>
/// Statistics from ClickHouse against what the stats grain reports for the same spans and
/// traces received once each and all kept: counts exactly, percentiles within the grain's 1 %.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseStatsReaderTests(ComparisonData data) : IClassFixture<ComparisonData>
{
    private const long TraceGap = 97_000 * NanosPerMilli;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ComparisonData.Tenant)]
    [InlineData(ComparisonData.OtherTenant)]
    public async Task GetStats_WithoutARange_CoverTheDefaultWindow_AsTheStatsOfTheSameSpans(string tenant)
    {
        var expected = data.Reference.Stats(tenant, long.MinValue, long.MaxValue);

        var actual = await data.Stats.GetStatsAsync(tenant, null, null, Cancel);

        Assert.True(expected.SpanCount > 100);
        Answers.AssertSameStats(expected, actual);
    }

    [Theory]
    [InlineData(50L, 100L)]
    [InlineData(0L, 0L)]
    [InlineData(239L, 1_000L)]
    public async Task GetStats_OverARange_CountSpansAndTracesStartingInIt(long fromTrace, long toTrace)
    {
        // Bounds in trace numbers, half a second into a trace: its root is counted or not by the range, some of its spans the other way.
        var from = Start + (fromTrace * TraceGap) + 500_000_000;
        var to = Start + (toTrace * TraceGap) + 500_000_000;
        var expected = data.Reference.Stats(ComparisonData.Tenant, from, to);

        var actual = await data.Stats.GetStatsAsync(ComparisonData.Tenant, from, to, Cancel);

        Answers.AssertSameStats(expected, actual);
    }

    [Fact]
    public async Task GetStats_OfATenantWithNothing_AreEmpty()
    {
        var stats = await data.Stats.GetStatsAsync("nobody", null, null, Cancel);

        Assert.Equal(0, stats.SpanCount);
        Assert.Equal(0, stats.TraceCount);
        Assert.Empty(stats.Services);
        Assert.Empty(stats.DecisionsByPolicy);
        Assert.Equal(0, stats.TraceDurations.Count);
    }

    [Fact]
    public async Task GetStats_OverAnEmptyRange_AreEmpty()
    {
        var stats = await data.Stats.GetStatsAsync(ComparisonData.Tenant, Start + TraceGap, Start, Cancel);

        Assert.Equal(0, stats.SpanCount);
        Assert.Empty(stats.Services);
    }
}
