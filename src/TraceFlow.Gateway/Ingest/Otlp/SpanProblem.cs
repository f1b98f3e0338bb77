namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>Why a span is refused: the field at fault, relative to the span or as a full path, and what is wrong with it.</summary>
internal readonly record struct SpanProblem(string Field, string Message);
