namespace TraceFlow.Gateway.Ingest;

/// <summary>Why one span of a request was refused: its position, id when known, and the field at fault.</summary>
public sealed record SpanRejection(int Index, string? SpanId, string Field, string Message);
