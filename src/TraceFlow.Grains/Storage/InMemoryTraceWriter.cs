using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Cluster;

namespace TraceFlow.Grains.Storage;

/// <summary>Writes a batch of kept traces with one call per store shard.</summary>
public sealed class InMemoryTraceWriter(IGrainFactory grains, IOptions<StorageOptions> options, IClusterMembershipService membership) : ITraceWriter
{
    private readonly int shardCount = options.Value.ShardCount;

    public Task WriteAsync(IReadOnlyList<StoredTrace> traces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traces);
        // The last silo is stopping: the in-memory store goes with it.
        if (!membership.AnySiloActive())
        {
            return Task.CompletedTask;
        }

        var writes = traces
            .GroupBy(t => TraceShards.ShardKey(t.Key.Tenant, TraceShards.ShardOf(t.Key.TraceId, shardCount)), StringComparer.Ordinal)
            .Select(g => grains.GetGrain<ITraceStoreShardGrain>(g.Key).WriteAsync([.. g]));
        return Task.WhenAll(writes).WaitAsync(cancellationToken);
    }
}
