using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// Holds one shard of kept traces in memory for the life of the cluster. When its silo stops
/// gracefully it hands its traces over to the shard's next activation on another silo; when
/// its silo dies they are lost.
/// </summary>
internal sealed class TraceStoreShardGrain(IOptions<StorageOptions> options, StoreHandOver handOver) : Grain, ITraceStoreShardGrain
{
    private readonly InMemoryTraceStore store = new(
        options.Value.MaxTracesPerShard, options.Value.MaxSpansPerTrace, options.Value.MaxBytesPerShard(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        return base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown && !cancellationToken.IsCancellationRequested)
        {
            handOver.Add([.. store.All()]);
        }

        Diagnostics.GrainsMetrics.StoredTraces.Dec(store.Count);
        Diagnostics.GrainsMetrics.StoredSpans.Dec(store.SpanCount);
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    Task ITraceStoreShardGrain.WriteAsync(ImmutableArray<StoredTrace> traces)
    {
        foreach (var trace in traces)
        {
            store.Write(trace);
        }

        return Task.CompletedTask;
    }

    Task<StoredTrace?> ITraceStoreShardGrain.GetAsync(string traceId) => Task.FromResult(store.Get(traceId));

    Task<IReadOnlyList<TraceSummary>> ITraceStoreShardGrain.FindAsync(TraceQuery query) => Task.FromResult(store.Find(query));

    Task<ImmutableArray<StoredTrace>> ITraceStoreShardGrain.GetManyAsync(ImmutableArray<string> traceIds) =>
        Task.FromResult(traceIds.Select(store.Get).OfType<StoredTrace>().ToImmutableArray());

    Task<TraceCatalog> ITraceStoreShardGrain.GetCatalogAsync() => Task.FromResult(store.Catalog());

    Task<IReadOnlyList<DependencyHistogram>> ITraceStoreShardGrain.GetDependenciesAsync(long fromUnixNanos, long toUnixNanos) =>
        Task.FromResult(store.Dependencies(fromUnixNanos, toUnixNanos));

    Task<IReadOnlyList<string>> ITraceStoreShardGrain.GetAttributeValuesAsync(string key, int limit) =>
        Task.FromResult(store.AttributeValues(key, limit));
}
