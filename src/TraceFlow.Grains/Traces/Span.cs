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

    public long EndUnixNanos => StartUnixNanos + DurationNanos;

    public bool IsError => Status == SpanStatusCode.Error;
}
