using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Storage;

/// <summary>Maps traces onto the store shard grains of their tenant.</summary>
public static class TraceShards
{
    public static int ShardOf(string traceId, int shardCount) =>
        (int)(TraceIdHash.UnitInterval(traceId, "") * shardCount);

    public static string ShardKey(string tenant, int shard) =>
        string.Concat(tenant, "/", shard.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static ITraceStoreShardGrain ShardFor(this IGrainFactory grains, TraceKey key, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<ITraceStoreShardGrain>(ShardKey(key.Tenant, ShardOf(key.TraceId, shardCount)));
    }
}
