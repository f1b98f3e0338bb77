namespace TraceFlow.Grains.Traces;

/// <summary>A new trace's admission among the silo's live traces: its place, or which limit refused it.</summary>
public readonly record struct LiveTraceEntry(LinkedListNode<ILiveTrace>? Place, bool TenantLimited = false)
{
    /// <summary>Refused: the silo holds its maximum of live traces.</summary>
    public static LiveTraceEntry SiloFull => default;

    /// <summary>Refused: the trace's tenant holds its maximum of live traces on this silo.</summary>
    public static LiveTraceEntry TenantFull => new(null, TenantLimited: true);
}
