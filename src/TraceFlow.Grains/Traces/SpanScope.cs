using System.Collections.Immutable;

namespace TraceFlow.Grains.Traces;

/// <summary>The instrumentation scope (library name and version) that produced a span.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.SpanScope")]
public sealed record SpanScope
{
    [Id(0)] public required string Name { get; init; }

    [Id(1)] public string? Version { get; init; }

    [Id(2)] public ImmutableArray<SpanAttribute> Attributes { get; init; } = [];

    [Id(3)] public int DroppedAttributesCount { get; init; }
}
