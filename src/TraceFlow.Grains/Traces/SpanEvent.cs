using System.Collections.Immutable;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// A timestamped event within a span, such as an exception the SDK recorded. OTLP span
/// events and Zipkin annotations map onto the same record.
/// </summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.SpanEvent")]
public sealed record SpanEvent
{
    [Id(0)] public required string Name { get; init; }

    /// <summary>When the event happened, in Unix nanoseconds like the span's start.</summary>
    [Id(1)] public long TimeUnixNanos { get; init; }

    [Id(2)] public ImmutableArray<SpanAttribute> Attributes { get; init; } = [];

    /// <summary>Attributes the sender dropped before sending (OTLP <c>dropped_attributes_count</c>).</summary>
    [Id(3)] public int DroppedAttributesCount { get; init; }
}
