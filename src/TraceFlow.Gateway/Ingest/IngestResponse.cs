namespace TraceFlow.Gateway.Ingest;

/// <summary>The 202 answer to <c>POST /api/spans</c>.</summary>
public sealed record IngestResponse(int Accepted, int Rejected, IReadOnlyList<SpanRejection> Errors);
