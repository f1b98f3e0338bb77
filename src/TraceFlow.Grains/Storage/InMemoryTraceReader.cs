using Microsoft.Extensions.Options;
using TraceFlow.Grains.Cluster;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// Queries the in-memory store: searches fan out to every shard of the tenant and merge. A
/// fan-out that meets a dead silo is retried, and then reaches that shard's new (empty, or
/// handed-over) activation on a surviving silo.
/// </summary>
public sealed class InMemoryTraceReader(IGrainFactory grains, IOptions<StorageOptions> options) : ITraceReader
{
    private readonly int shardCount = options.Value.ShardCount;

    public async Task<IReadOnlyList<TraceSummary>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var perShard = await AllShards(query.Tenant, shard => shard.FindAsync(query), cancellationToken);
        return [.. perShard
            .SelectMany(s => s)
            .OrderByDescending(s => s.StartUnixNanos)
            .ThenBy(s => s.TraceId, StringComparer.Ordinal)
            .Take(query.Limit)];
    }

    public Task<StoredTrace?> GetTraceAsync(TraceKey key, CancellationToken cancellationToken) =>
        Query(() => grains.ShardFor(key, shardCount).GetAsync(key.TraceId), cancellationToken);

    public async Task<IReadOnlyList<StoredTrace>> GetTracesAsync(string tenant, IReadOnlyCollection<string> traceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceIds);
        var groups = traceIds.Distinct(StringComparer.Ordinal).GroupBy(id => TraceShards.ShardOf(id, shardCount)).ToList();
        var perShard = await Query(() => Task.WhenAll(groups.Select(group => Shard(tenant, group.Key).GetManyAsync([.. group]))), cancellationToken);
        return [.. perShard.SelectMany(s => s)];
    }

    public async Task<TraceCatalog> GetCatalogAsync(string tenant, CancellationToken cancellationToken) =>
        TraceCatalog.Merge(await AllShards(tenant, shard => shard.GetCatalogAsync(), cancellationToken));

    public async Task<IReadOnlyList<ServiceCall>> GetDependenciesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken) =>
        [.. (await GetDependencyEdgesAsync(tenant, fromUnixNanos, toUnixNanos, cancellationToken)).Select(e => e.Call)];

    /// <summary>Each shard's sums and latency histograms, added and merged per pair of services.</summary>
    public async Task<IReadOnlyList<DependencyEdge>> GetDependencyEdgesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken)
    {
        var perShard = await AllShards(tenant, shard => shard.GetDependenciesAsync(fromUnixNanos, toUnixNanos), cancellationToken);
        return [.. perShard
            .SelectMany(s => s)
            .GroupBy(d => (d.Call.Parent, d.Call.Child))
            .Select(g => new DependencyEdge(
                new ServiceCall(g.Key.Parent, g.Key.Child, g.Sum(d => d.Call.CallCount), g.Sum(d => d.Call.ErrorCount)),
                LatencySummary.From(Merged(g.Select(d => d.Latency)))))
            .OrderBy(e => e.Call.Parent, StringComparer.Ordinal)
            .ThenBy(e => e.Call.Child, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<string>> GetAttributeValuesAsync(string tenant, string key, int limit, CancellationToken cancellationToken)
    {
        var perShard = await AllShards(tenant, shard => shard.GetAttributeValuesAsync(key, limit), cancellationToken);
        return [.. perShard.SelectMany(s => s).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(limit)];
    }

    private static LatencyHistogram Merged(IEnumerable<LatencyHistogram> histograms)
    {
        var merged = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            merged.Merge(histogram);
        }

        return merged;
    }

    private ITraceStoreShardGrain Shard(string tenant, int shard) => grains.GetGrain<ITraceStoreShardGrain>(TraceShards.ShardKey(tenant, shard));

    private Task<T[]> AllShards<T>(string tenant, Func<ITraceStoreShardGrain, Task<T>> call, CancellationToken cancellationToken) =>
        Query(() => Task.WhenAll(Enumerable.Range(0, shardCount).Select(shard => call(Shard(tenant, shard)))), cancellationToken);

    private static Task<T> Query<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        SiloLossRetry.RunAsync(() => call().WaitAsync(cancellationToken), "query", cancellationToken);
}
