namespace TraceFlow.LoadGen.Preparation;

/// <summary>
/// One encoded request of a prepared cycle and where each trace id sits in it: sending it again
/// with other ids costs a copy and a few writes instead of generating and encoding its spans.
/// </summary>
internal sealed class PreparedRequest(byte[] body, int[] idOffsets, int[] idSlots, SlotSpans[] parts)
{
    public byte[] Body { get; } = body;

    /// <summary>Where a trace id starts in <see cref="Body"/>, one entry per occurrence.</summary>
    public int[] IdOffsets { get; } = idOffsets;

    /// <summary>The cycle slot of the trace whose id is at the same index of <see cref="IdOffsets"/>.</summary>
    public int[] IdSlots { get; } = idSlots;

    /// <summary>The spans each trace has in this request.</summary>
    public SlotSpans[] Parts { get; } = parts;

    public int SpanCount { get; } = parts.Sum(p => p.Spans);
}
