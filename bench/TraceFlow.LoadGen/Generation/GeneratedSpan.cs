namespace TraceFlow.LoadGen.Generation;

/// <summary>One span of a generated trace; <see cref="ParentIndex"/> is -1 for the root.</summary>
internal sealed class GeneratedSpan
{
    public required ulong SpanId { get; init; }

    /// <summary>Index of the parent in <see cref="GeneratedTrace.Spans"/> before ordering, -1 for the root.</summary>
    public required int ParentIndex { get; init; }

    public ulong ParentSpanId { get; set; }

    public required string Service { get; init; }

    public required string Operation { get; init; }

    public required GeneratedSpanKind Kind { get; init; }

    public required long StartUnixNanos { get; init; }

    public required long DurationNanos { get; init; }

    public long EndUnixNanos => StartUnixNanos + DurationNanos;

    /// <summary>Depth in the tree, the root at 0; children end no later than parents.</summary>
    public required int Depth { get; init; }

    public bool IsError { get; set; }

    public string? StatusMessage { get; set; }

    public required SpanAttribute[] Attributes { get; init; }
}
