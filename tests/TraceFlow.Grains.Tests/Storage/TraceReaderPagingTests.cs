using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Storage;

public sealed class TraceReaderPagingTests
{
    [Fact]
    public async Task FindRecentTraces_BeyondOnePage_ReadsPagesNewestFirstWithoutRepeats()
    {
        var reader = new PagedReader([.. Enumerable.Range(0, 2500).Select(i => Summary($"t{i:D4}", i))]);

        var found = await reader.FindRecentTracesAsync(new TraceQuery(), 2200, TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(300, 2200).Reverse().Select(i => $"t{i:D4}"), found.Select(s => s.TraceId));
        Assert.Equal([1000, 1000, 202], reader.PageSizes);
    }

    [Fact]
    public async Task FindRecentTraces_TiesAcrossAPageBoundary_AreEachReadOnce()
    {
        // 995 newer traces, 10 that start at the same instant, 100 older.
        var summaries = Enumerable.Range(0, 100).Select(i => Summary($"old{i:D3}", i))
            .Concat(Enumerable.Range(0, 10).Select(i => Summary($"tie{i}", 500)))
            .Concat(Enumerable.Range(0, 995).Select(i => Summary($"new{i:D3}", 1000 + i)))
            .ToList();
        var reader = new PagedReader(summaries);

        var found = await reader.FindRecentTracesAsync(new TraceQuery(), 5000, TestContext.Current.CancellationToken);

        Assert.Equal(1105, found.Count);
        Assert.Equal(1105, found.Select(s => s.TraceId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"tie{i}"), found.Where(s => s.StartUnixNanos == 500).Select(s => s.TraceId));
    }

    [Fact]
    public async Task FindRecentTraces_MoreTiesThanAPage_SkipsTheRestOfThatInstant()
    {
        var summaries = Enumerable.Range(0, 1200).Select(i => Summary($"tie{i:D4}", 50))
            .Concat(Enumerable.Range(0, 30).Select(i => Summary($"old{i:D2}", i)))
            .ToList();
        var reader = new PagedReader(summaries);

        var found = await reader.FindRecentTracesAsync(new TraceQuery(), 5000, TestContext.Current.CancellationToken);

        Assert.Equal(1030, found.Count);
        Assert.Equal(30, found.Count(s => s.TraceId.StartsWith("old", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task FindRecentTraces_KeepsTheCallersUpperTimeBound()
    {
        var reader = new PagedReader([.. Enumerable.Range(0, 10).Select(i => Summary($"t{i}", i))]);

        var found = await reader.FindRecentTracesAsync(new TraceQuery { StartToUnixNanos = 4 }, 100, TestContext.Current.CancellationToken);

        Assert.Equal(["t4", "t3", "t2", "t1", "t0"], found.Select(s => s.TraceId));
    }

    private static TraceSummary Summary(string id, long start) =>
        new() { TraceId = id, RootService = "s", RootOperation = "o", StartUnixNanos = start, SamplingPolicy = "p" };

    /// <summary>A reader with the in-memory store's order (newest first, ties by id) and its page cap.</summary>
    private sealed class PagedReader(List<TraceSummary> summaries) : ITraceReader
    {
        public List<int> PageSizes { get; } = [];

        public Task<IReadOnlyList<TraceSummary>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken)
        {
            Assert.InRange(query.Limit, 1, TraceQuery.MaxLimit);
            PageSizes.Add(query.Limit);
            return Task.FromResult<IReadOnlyList<TraceSummary>>([.. summaries
                .Where(query.MatchesSummary)
                .OrderByDescending(s => s.StartUnixNanos)
                .ThenBy(s => s.TraceId, StringComparer.Ordinal)
                .Take(query.Limit)]);
        }

        public Task<StoredTrace?> GetTraceAsync(TraceKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<StoredTrace>> GetTracesAsync(string tenant, IReadOnlyCollection<string> traceIds, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TraceCatalog> GetCatalogAsync(string tenant, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ServiceCall>> GetDependenciesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DependencyEdge>> GetDependencyEdgesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> GetAttributeValuesAsync(string tenant, string key, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
