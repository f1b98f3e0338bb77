using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Storage.ClickHouse.Tests.Infrastructure;

/// <summary>
/// The in-memory store as the reference answer, without a cluster: one <see cref="InMemoryTraceStore"/>
/// per tenant (a single shard), with <see cref="InMemoryTraceReader"/>'s merge of shard answers on top.
/// </summary>
public sealed class InMemoryReference : ITraceReader
{
    private readonly Dictionary<string, InMemoryTraceStore> stores = new(StringComparer.Ordinal);

    public void Write(StoredTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (!stores.TryGetValue(trace.Key.Tenant, out var store))
        {
            store = new InMemoryTraceStore(maxTraces: 1_000_000, maxSpansPerTrace: 10_000);
            stores.Add(trace.Key.Tenant, store);
        }

        store.Write(trace);
    }

    /// <summary>Every stored trace of the tenant (spans merged), for building expected statistics.</summary>
    public IReadOnlyList<StoredTrace> All(string tenant) =>
        [.. Store(tenant).Find(new TraceQuery { Tenant = tenant, Limit = int.MaxValue }).Select(s => Store(tenant).Get(s.TraceId)!)];

    public Task<IReadOnlyList<TraceSummary>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(Store(query.Tenant).Find(query));

    public Task<StoredTrace?> GetTraceAsync(TraceKey key, CancellationToken cancellationToken) => Task.FromResult(Store(key.Tenant).Get(key.TraceId));

    public Task<IReadOnlyList<StoredTrace>> GetTracesAsync(string tenant, IReadOnlyCollection<string> traceIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredTrace>>([.. traceIds.Distinct(StringComparer.Ordinal).Select(Store(tenant).Get).OfType<StoredTrace>()]);

    public Task<TraceCatalog> GetCatalogAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult(TraceCatalog.Merge([Store(tenant).Catalog()]));

    public async Task<IReadOnlyList<ServiceCall>> GetDependenciesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken) =>
        [.. (await GetDependencyEdgesAsync(tenant, fromUnixNanos, toUnixNanos, cancellationToken)).Select(e => e.Call)];

    public Task<IReadOnlyList<DependencyEdge>> GetDependencyEdgesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DependencyEdge>>([.. Store(tenant).Dependencies(fromUnixNanos, toUnixNanos)
            .Select(d => new DependencyEdge(d.Call, LatencySummary.From(d.Latency)))
            .OrderBy(e => e.Call.Parent, StringComparer.Ordinal)
            .ThenBy(e => e.Call.Child, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<string>> GetAttributeValuesAsync(string tenant, string key, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. Store(tenant).AttributeValues(key, limit).Order(StringComparer.Ordinal)]);

    /// <summary>
    /// What the stats grain reports for these traces had each been received once and kept, counting
    /// the spans and traces that start in [from, to].
    /// </summary>
    public StatsSnapshot Stats(string tenant, long fromUnixNanos, long toUnixNanos)
    {
        var limits = new StatsLimits(1_000, 1_000);
        var statistics = new TraceStatistics();
        foreach (var trace in All(tenant))
        {
            foreach (var span in trace.Spans.Where(s => s.StartUnixNanos >= fromUnixNanos && s.StartUnixNanos <= toUnixNanos))
            {
                statistics.RecordSpan(span.Service, span.Operation, span.DurationNanos, span.IsError, limits);
            }

            var summary = TraceSummary.From(trace);
            if (summary.StartUnixNanos >= fromUnixNanos && summary.StartUnixNanos <= toUnixNanos)
            {
                statistics.RecordTrace(summary.DurationNanos, trace.Decision);
            }
        }

        return StatsSnapshot.From(statistics);
    }

    private InMemoryTraceStore Store(string tenant) => stores.TryGetValue(tenant, out var store) ? store : new InMemoryTraceStore(1, 1);
}
