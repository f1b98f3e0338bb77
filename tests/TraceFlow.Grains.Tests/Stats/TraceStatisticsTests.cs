using TraceFlow.Grains.Stats;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Stats;

public sealed class TraceStatisticsTests
{
    [Fact]
    public void RecordSpan_BeyondTheServiceCap_CountsUnderTheOverflowBucket()
    {
        var limits = new StatsLimits(MaxServices: 3, MaxOperationsPerService: 2);
        var statistics = new TraceStatistics();
        for (var i = 0; i < 1_000; i++)
        {
            statistics.RecordSpan($"svc-{i}", $"op-{i}", durationNanos: 1_000_000, isError: false, limits);
        }

        Assert.Equal(4, statistics.Services.Count);
        Assert.Equal(997, statistics.Services[StatsLimits.OverflowKey].Totals.SpanCount);
        Assert.All(statistics.Services.Values, s => Assert.True(s.Operations.Count <= 3));
        Assert.Equal(1_000, statistics.SpanCount);
    }

    [Fact]
    public void Merge_AddsCountsAndKeepsTheCaps()
    {
        var limits = new StatsLimits(2, 2);
        var a = new TraceStatistics();
        var b = new TraceStatistics();
        a.RecordSpan("x", "op", durationNanos: 1_000_000, isError: false, limits);
        b.RecordSpan("y", "op", durationNanos: 1_000_000, isError: true, limits);
        b.RecordSpan("z", "op", durationNanos: 1_000_000, isError: false, limits);
        b.RecordTrace(5_000_000, new TraceFlow.Grains.Sampling.SamplingDecision(true, "error"));

        a.Merge(b, limits);

        Assert.Equal(3, a.SpanCount);
        Assert.Equal(1, a.ErrorSpanCount);
        Assert.Equal(["x", "y", StatsLimits.OverflowKey], a.Services.Keys.Order().ToArray().OrderBy(k => k == StatsLimits.OverflowKey).ThenBy(k => k));
        Assert.Equal(1, a.DecisionsByPolicy["kept:error"]);
        Assert.Equal(1, a.KeptTraceCount);
    }
}
