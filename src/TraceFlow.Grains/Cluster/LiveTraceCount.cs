namespace TraceFlow.Grains.Cluster;

/// <summary>A silo's undecided traces and their buffered spans, as it last reported them.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.LiveTraceCount")]
public sealed record LiveTraceCount(
    [property: Id(0)] long Traces,
    [property: Id(1)] long Spans);
