namespace TraceFlow.LoadGen.Verification;

/// <summary>One line of the trace list a run writes: what was sent of a trace, and what was accepted.</summary>
internal readonly record struct SentTrace(string TraceId, int SpanCount, int AcceptedSpans);
