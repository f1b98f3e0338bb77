using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Replay;

/// <summary>One trace's spans from one request, as sent to its grain and held for replay.</summary>
public sealed record HeldBatch(TraceKey Key, SpanBatch Batch, int Spans);
