using Microsoft.Extensions.Options;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Storage;

/// <summary>Queries the in-memory store: searches fan out to every shard of the tenant and merge.</summary>
public sealed class InMemoryTraceReader(IGrainFactory grains, IOptions<StorageOptions> options) : ITraceReader
{
    private readonly int shardCount = options.Value.ShardCount;

    public async Task<IReadOnlyList<TraceSummary>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var perShard = await Task.WhenAll(Enumerable.Range(0, shardCount)
            .Select(shard => grains.GetGrain<ITraceStoreShardGrain>(TraceShards.ShardKey(query.Tenant, shard)).FindAsync(query)))
            .WaitAsync(cancellationToken);
        return [.. perShard
            .SelectMany(s => s)
            .OrderByDescending(s => s.StartUnixNanos)
            .ThenBy(s => s.TraceId, StringComparer.Ordinal)
            .Take(query.Limit)];
    }

    public Task<StoredTrace?> GetTraceAsync(TraceKey key, CancellationToken cancellationToken) =>
        grains.ShardFor(key, shardCount).GetAsync(key.TraceId).WaitAsync(cancellationToken);
}
