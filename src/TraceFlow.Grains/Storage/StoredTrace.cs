using System.Collections.Immutable;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Storage;

/// <summary>A kept trace (or late spans of one) as it is written to and read from storage.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.StoredTrace")]
public sealed record StoredTrace(
    [property: Id(0)] TraceKey Key,
    [property: Id(1)] ImmutableArray<Span> Spans,
    [property: Id(2)] SamplingDecision Decision);
