using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Tests.Infrastructure;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Storage;

/// <summary>The reader's fan-out over store shards on a real two-silo cluster.</summary>
[Collection(SamplingClusterCollection.Name)]
public sealed class InMemoryTraceReaderTests(SamplingClusterFixture fixture)
{
    [Fact]
    public async Task Reader_GetsManyTraces_AndSearchesWholeTraces_AcrossShards()
    {
        var cancel = TestContext.Current.CancellationToken;
        var service = $"reader-{Guid.NewGuid():N}";
        var ids = Enumerable.Range(0, 6).Select(_ => NewTraceId()).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            await fixture.SendAsync(
                Span(ids[i], "root", service: service, startOffsetMs: i, status: SpanStatusCode.Error),
                Span(ids[i], "child", parent: "root", service: $"{service}-db", startOffsetMs: i + 1, status: SpanStatusCode.Error));
        }

        foreach (var id in ids)
        {
            await fixture.WaitUntilStoredAsync(id, minSpans: 2);
        }

        var many = await fixture.Reader.GetTracesAsync(TraceKey.DefaultTenant, [ids[0], ids[3], "0123456789abcdef0123456789abcdef"], cancel);
        var found = await fixture.Reader.SearchTracesAsync(new TraceQuery { Service = service, Limit = 4 }, cancel);
        var catalog = await fixture.Reader.GetCatalogAsync(TraceKey.DefaultTenant, cancel);
        var calls = await fixture.Reader.GetDependenciesAsync(TraceKey.DefaultTenant, long.MinValue, long.MaxValue, cancel);

        Assert.Equal(new[] { ids[0], ids[3] }.Order(), many.Select(t => t.Key.TraceId).Order());
        Assert.Equal(ids.AsEnumerable().Reverse().Take(4), found.Select(t => t.Key.TraceId));
        Assert.All(found, t => Assert.Equal(2, t.Spans.Length));
        Assert.Contains(service, catalog.Services);
        Assert.Contains(new ServiceCall(service, $"{service}-db", 6, 6), calls);
    }
}
