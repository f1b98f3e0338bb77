namespace TraceFlow.Gateway.Diagnostics;

/// <summary>The answer of <c>GET /debug/memory</c>.</summary>
public sealed record MemorySnapshot
{
    public long GcHeapBytes { get; init; }

    public long WorkingSetBytes { get; init; }

    public long LiveTraces { get; init; }

    public long LiveSpans { get; init; }

    public long StoredTraces { get; init; }

    public long StoredSpans { get; init; }
}
