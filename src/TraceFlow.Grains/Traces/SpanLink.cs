using System.Collections.Immutable;

namespace TraceFlow.Grains.Traces;

/// <summary>A link from a span to another span, possibly in another trace (batch consumers, retries).</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.SpanLink")]
public sealed record SpanLink
{
    /// <summary>Normalised like span ids (see <see cref="SpanIds"/>).</summary>
    [Id(0)] public required string TraceId { get; init; }

    [Id(1)] public required string SpanId { get; init; }

    [Id(2)] public string? TraceState { get; init; }

    [Id(3)] public ImmutableArray<SpanAttribute> Attributes { get; init; } = [];

    [Id(4)] public int DroppedAttributesCount { get; init; }

    [Id(5)] public uint Flags { get; init; }
}
