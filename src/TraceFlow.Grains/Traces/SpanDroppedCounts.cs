namespace TraceFlow.Grains.Traces;

/// <summary>Counts of what a sender dropped from a span before sending it (OTLP's <c>dropped_*_count</c>).</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.SpanDroppedCounts")]
public readonly record struct SpanDroppedCounts(
    [property: Id(0)] int Attributes,
    [property: Id(1)] int Events,
    [property: Id(2)] int Links);
