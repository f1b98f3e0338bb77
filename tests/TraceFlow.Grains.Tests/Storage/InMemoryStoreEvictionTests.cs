using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Tests.Infrastructure;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Storage;

[Collection(SmallStoreClusterCollection.Name)]
public sealed class InMemoryStoreEvictionTests(SmallStoreClusterFixture fixture)
{
    [Fact]
    public async Task Store_AtItsLimit_EvictsTheOldestKeptTracesAndCountsThem()
    {
        var evictedBefore = GrainsMetrics.EvictedTraces.Value;
        var traceIds = new List<string>();
        for (var i = 0; i < SmallStoreClusterFixture.MaxTraces + 3; i++)
        {
            var traceId = NewTraceId();
            traceIds.Add(traceId);
            await fixture.SendAsync(Span(traceId, "root", startOffsetMs: i));
            await fixture.WaitUntilStoredAsync(traceId);
        }

        foreach (var evicted in traceIds.Take(3))
        {
            Assert.Null(await fixture.GetStoredAsync(evicted));
        }

        foreach (var kept in traceIds.Skip(3))
        {
            Assert.NotNull(await fixture.GetStoredAsync(kept));
        }

        var listed = await fixture.Reader.FindTracesAsync(new() { Limit = 100 }, TestContext.Current.CancellationToken);
        Assert.Equal(SmallStoreClusterFixture.MaxTraces, listed.Count);
        Assert.Equal(3, GrainsMetrics.EvictedTraces.Value - evictedBefore);
    }
}
