using TraceFlow.Grains.Cluster;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// Makes <see cref="ITraceGrain"/> references from trace keys. Orleans' generic
/// <c>GetGrain&lt;T&gt;(string)</c> resolves the interface and grain type on every call;
/// ingest makes one reference per trace per request, so the types are resolved once here
/// (on first use, so that merely constructing this touches nothing).
/// </summary>
public sealed class TraceGrainReferences(IGrainFactory grains)
{
    private (GrainType Grain, GrainInterfaceType Interface)? types;

    public ITraceGrain Get(TraceKey key)
    {
        var (grainType, interfaceType) = types ??= Resolve();
        return (ITraceGrain)grains.GetGrain(GrainId.Create(grainType, key.ToString()), interfaceType);
    }

    /// <summary>
    /// Sends one trace's spans, retried while the silo of its activation is gone, so a new
    /// activation on a surviving silo takes them (the spans the dead one held come back only
    /// from a gateway's <see cref="Replay.ReplayBuffer"/>).
    /// </summary>
    public Task<SpanBatchResult> AddSpansAsync(TraceKey key, SpanBatch batch, CancellationToken cancellationToken)
    {
        var grain = Get(key);
        return SiloLossRetry.RunAsync(() => grain.AddSpansAsync(batch), "ingest", cancellationToken);
    }

    private (GrainType, GrainInterfaceType) Resolve()
    {
        var probe = (GrainReference)grains.GetGrain<ITraceGrain>(new TraceKey(TraceKey.DefaultTenant, "0").ToString());
        return (probe.GrainId.Type, probe.InterfaceType);
    }
}
