using System.Collections.Immutable;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// One span as every ingest protocol decodes it. Times are Unix nanoseconds so that OTLP
/// timestamps survive without loss; the seed's millisecond API converts on the way in.
/// </summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.Span")]
public sealed record Span
{
    /// <summary>Normalised trace id (see <see cref="SpanIds"/>).</summary>
    [Id(0)] public required string TraceId { get; init; }

    [Id(1)] public required string SpanId { get; init; }

    /// <summary>The parent's span id, or null for a root span.</summary>
    [Id(2)] public string? ParentSpanId { get; init; }

    [Id(3)] public required string Service { get; init; }

    [Id(4)] public required string Operation { get; init; }

    [Id(5)] public long StartUnixNanos { get; init; }

    [Id(6)] public long DurationNanos { get; init; }

    [Id(7)] public SpanStatusCode Status { get; init; }

    [Id(8)] public SpanKind Kind { get; init; }

    [Id(9)] public ImmutableArray<SpanAttribute> Attributes { get; init; } = [];

    [Id(10)] public string? StatusMessage { get; init; }

    /// <summary>Timestamped events within the span (exceptions, annotations), in the order received.</summary>
    [Id(11)] public ImmutableArray<SpanEvent> Events { get; init; } = [];

    /// <summary>Attributes of the process that sent the span (OTLP resource; <c>service.name</c> among them).</summary>
    [Id(12)] public ImmutableArray<SpanAttribute> ResourceAttributes { get; init; } = [];

    /// <summary>The instrumentation library that made the span, when the protocol says.</summary>
    [Id(13)] public SpanScope? Scope { get; init; }

    [Id(14)] public ImmutableArray<SpanLink> Links { get; init; } = [];

    /// <summary>The W3C <c>tracestate</c> the span carried.</summary>
    [Id(15)] public string? TraceState { get; init; }

    /// <summary>W3C trace flags (bit 0: sampled), as OTLP's <c>flags</c> carries them.</summary>
    [Id(16)] public uint Flags { get; init; }

    /// <summary>What the sender dropped before sending.</summary>
    [Id(17)] public SpanDroppedCounts Dropped { get; init; }

    /// <summary>
    /// A Zipkin RPC server span that shares its client's span id (B3 single-span RPC). It is a
    /// span of its own, so it is stored beside the client span rather than merged away as a retry.
    /// </summary>
    [Id(18)] public bool Shared { get; init; }

    /// <summary>What makes a span unique within its trace: retries of the same span merge on it.</summary>
    public (string SpanId, bool Shared) Identity => (SpanId, Shared);

    public long EndUnixNanos => StartUnixNanos + DurationNanos;

    public bool IsError => Status == SpanStatusCode.Error;
}
