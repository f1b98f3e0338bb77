using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Storage;

/// <summary>Reads kept traces back for the query APIs (TraceFlow's own, Zipkin's, Jaeger's).</summary>
public interface ITraceReader
{
    /// <summary>Matching trace summaries, newest first, at most <see cref="TraceQuery.Limit"/>.</summary>
    Task<IReadOnlyList<TraceSummary>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken);

    /// <summary>The whole trace, or null when no such trace is stored.</summary>
    Task<StoredTrace?> GetTraceAsync(TraceKey key, CancellationToken cancellationToken);

    /// <summary>The stored ones among <paramref name="traceIds"/> (normalised ids), in no particular order.</summary>
    Task<IReadOnlyList<StoredTrace>> GetTracesAsync(string tenant, IReadOnlyCollection<string> traceIds, CancellationToken cancellationToken);

    /// <summary>Services, operations and remote services seen in kept traces.</summary>
    Task<TraceCatalog> GetCatalogAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>Calls between services, summed over the kept traces that start in the window, by parent then child.</summary>
    Task<IReadOnlyList<ServiceCall>> GetDependenciesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="GetDependenciesAsync"/> with the latency of the calls (the called service's span
    /// durations), by parent then child. Apart, so a store may answer the counts without reading
    /// any duration (ClickHouse does): the Zipkin and Jaeger graphs show no latency.
    /// </summary>
    Task<IReadOnlyList<DependencyEdge>> GetDependencyEdgesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken);

    /// <summary>Distinct values of a span or resource attribute in kept traces, newest traces first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> GetAttributeValuesAsync(string tenant, string key, int limit, CancellationToken cancellationToken);
}
