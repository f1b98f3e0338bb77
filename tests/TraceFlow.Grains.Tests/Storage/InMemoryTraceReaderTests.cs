using TraceFlow.Grains.Stats;
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

    [Fact]
    public async Task Reader_MergesTheShardsLatencyHistograms_AsOneHistogramOfEveryCall()
    {
        var cancel = TestContext.Current.CancellationToken;
        var service = $"edges-{Guid.NewGuid():N}";
        var ids = Enumerable.Range(0, 24).Select(_ => NewTraceId()).ToList();
        var expected = new LatencyHistogram();
        var exact = new List<double>();
        for (var i = 0; i < ids.Count; i++)
        {
            // Kept as errors (the root); each trace calls the backend twice, the second call failing.
            double first = i + 1, second = (i * 37) + 3.5;
            await fixture.SendAsync(
                Span(ids[i], "root", service: service, startOffsetMs: i, durationMs: 2_000, status: SpanStatusCode.Error),
                Span(ids[i], "a", parent: "root", service: $"{service}-api", startOffsetMs: i + 1, durationMs: first),
                Span(ids[i], "b", parent: "root", service: $"{service}-api", startOffsetMs: i + 2, durationMs: second, status: SpanStatusCode.Error));
            expected.Record(first);
            expected.Record(second);
            exact.AddRange([first, second]);
        }

        foreach (var id in ids)
        {
            await fixture.WaitUntilStoredAsync(id, minSpans: 3);
        }

        var edges = await fixture.Reader.GetDependencyEdgesAsync(TraceKey.DefaultTenant, long.MinValue, long.MaxValue, cancel);
        var calls = await fixture.Reader.GetDependenciesAsync(TraceKey.DefaultTenant, long.MinValue, long.MaxValue, cancel);

        Assert.True(ids.Select(id => TraceShards.ShardOf(id, 4)).Distinct().Count() > 1, "the traces should span several shards");
        var edge = Assert.Single(edges, e => e.Call.Parent == service);
        Assert.Equal(new ServiceCall(service, $"{service}-api", 48, 24), edge.Call);
        var (one, merged) = (LatencySummary.From(expected), edge.Latency);
        Assert.Equal((one.Count, one.P50Ms, one.P95Ms, one.P99Ms, one.MinMs, one.MaxMs), (merged.Count, merged.P50Ms, merged.P95Ms, merged.P99Ms, merged.MinMs, merged.MaxMs));
        Assert.Equal(one.MeanMs, merged.MeanMs, 9);
        exact.Sort();
        QuantileAssert.AssertWithinAccuracy(QuantileAssert.ExactQuantile(exact, 0.5), edge.Latency.P50Ms);
        QuantileAssert.AssertWithinAccuracy(QuantileAssert.ExactQuantile(exact, 0.99), edge.Latency.P99Ms);
        Assert.Contains(edge.Call, calls);
        Assert.Equal(edges.OrderBy(e => e.Call.Parent, StringComparer.Ordinal).ThenBy(e => e.Call.Child, StringComparer.Ordinal), edges);
    }
}
