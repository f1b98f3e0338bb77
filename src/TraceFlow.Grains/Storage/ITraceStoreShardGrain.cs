using System.Collections.Immutable;

namespace TraceFlow.Grains.Storage;

/// <summary>One shard of a tenant's in-memory trace store, keyed <c>{tenant}/{shard}</c>.</summary>
[Alias("TraceFlow.ITraceStoreShardGrain")]
public interface ITraceStoreShardGrain : IGrainWithStringKey
{
    [Alias("Write")]
    Task WriteAsync(ImmutableArray<StoredTrace> traces);

    [Alias("Get")]
    Task<StoredTrace?> GetAsync(string traceId);

    [Alias("Find")]
    Task<IReadOnlyList<TraceSummary>> FindAsync(TraceQuery query);

    [Alias("GetMany")]
    Task<ImmutableArray<StoredTrace>> GetManyAsync(ImmutableArray<string> traceIds);

    [Alias("Catalog")]
    Task<TraceCatalog> GetCatalogAsync();

    /// <summary>Calls between services with their latency histograms (a new alias: the counts-only "Dependencies" it replaces returned another type).</summary>
    [Alias("DependencyHistograms")]
    Task<IReadOnlyList<DependencyHistogram>> GetDependenciesAsync(long fromUnixNanos, long toUnixNanos);

    [Alias("AttributeValues")]
    Task<IReadOnlyList<string>> GetAttributeValuesAsync(string key, int limit);
}
