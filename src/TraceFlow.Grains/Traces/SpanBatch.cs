using System.Collections.Immutable;

namespace TraceFlow.Grains.Traces;

/// <summary>All spans of one trace from one ingest request: the unit of one grain call.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.SpanBatch")]
public sealed record SpanBatch([property: Id(0)] ImmutableArray<Span> Spans);
