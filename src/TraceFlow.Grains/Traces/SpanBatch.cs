using TraceFlow.Grains.Replay;
using TraceFlow.Grains.Traces.Packing;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// All spans of one trace from one ingest request: the unit of one grain call. The spans
/// travel packed (see <see cref="SpanPack"/>): cheap to send between silos, and what the
/// grain keeps as is while the trace is live.
/// </summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.SpanBatch")]
public sealed record SpanBatch([property: Id(0)] byte[] Packed)
{
    /// <summary>The gateway's replay buffer holding these spans, to be told when the trace is settled; null when none does.</summary>
    [Id(1)] public ISettledTracesObserver? Replayer { get; init; }

    public static SpanBatch Of(IEnumerable<Span> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        return new SpanBatch(SpanPack.Pack(spans));
    }
}
