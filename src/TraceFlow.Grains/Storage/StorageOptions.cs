using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Grains.Storage;

/// <summary>The bounded in-memory trace store and the per-silo write queue in front of it.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "TraceFlow:Storage";

    public const int DefaultMaxTraces = 100_000;
    public const int DefaultShardCount = 16;
    public const int DefaultMaxSpansPerTrace = 10_000;
    public const int DefaultWriteQueueCapacity = 50_000;
    public const int DefaultWriteBatchSize = 1_000;

    /// <summary>Kept traces held in memory across the cluster; the oldest are evicted beyond it.</summary>
    [Range(1, 100_000_000)]
    public int MaxTraces { get; set; } = DefaultMaxTraces;

    /// <summary>Store shards (grains) per tenant. Every silo and gateway must agree on it.</summary>
    [Range(1, 4096)]
    public int ShardCount { get; set; } = DefaultShardCount;

    /// <summary>Spans one stored trace holds; late spans beyond it are dropped and counted.</summary>
    [Range(1, 10_000_000)]
    public int MaxSpansPerTrace { get; set; } = DefaultMaxSpansPerTrace;

    /// <summary>Kept traces waiting to be written, per silo.</summary>
    [Range(1, 10_000_000)]
    public int WriteQueueCapacity { get; set; } = DefaultWriteQueueCapacity;

    /// <summary>Most traces handed to the writer in one call.</summary>
    [Range(1, 100_000)]
    public int WriteBatchSize { get; set; } = DefaultWriteBatchSize;

    /// <summary>
    /// Memory the store may hold across the cluster, in MiB; the oldest traces are evicted beyond
    /// it as beyond <see cref="MaxTraces"/>. 0: a tenth of the memory the GC may use (under a
    /// container limit, 75 % of it), so a small container is not filled by a full store.
    /// </summary>
    [Range(0, 16_777_216)]
    public int MaxMiB { get; set; }

    public int MaxTracesPerShard => (MaxTraces + ShardCount - 1) / ShardCount;

    /// <summary>The bytes one shard may hold when the GC may use <paramref name="gcAvailableBytes"/>.</summary>
    public long MaxBytesPerShard(long gcAvailableBytes) =>
        (MaxMiB > 0 ? MaxMiB * 1024L * 1024 : gcAvailableBytes / 10) / ShardCount;
}
