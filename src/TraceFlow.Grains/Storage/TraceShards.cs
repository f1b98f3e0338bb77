using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Storage;

/// <summary>Maps traces onto the store shard grains of their tenant.</summary>
public static class TraceShards
{
    /// <summary>
    /// Salted apart from the sampling hash: with the same hash, the probabilistic policy's kept
    /// traces (hash below the rate) would all land in the lowest shards and crowd each other out.
    /// </summary>
    private const string ShardSalt = "traceflow-store-shard";

    public static int ShardOf(string traceId, int shardCount) =>
        (int)(TraceIdHash.UnitInterval(traceId, ShardSalt) * shardCount);

    public static string ShardKey(string tenant, int shard) =>
        string.Concat(tenant, "/", shard.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static ITraceStoreShardGrain ShardFor(this IGrainFactory grains, TraceKey key, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<ITraceStoreShardGrain>(ShardKey(key.Tenant, ShardOf(key.TraceId, shardCount)));
    }
}
