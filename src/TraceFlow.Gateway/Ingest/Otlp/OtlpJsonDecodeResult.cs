using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using OtlpSpan = TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1.Span;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// An OTLP JSON body as the protobuf request the mapper reads, plus the spans whose ids were
/// not hex (found by reference; refused one by one). <see cref="Error"/> is set when the body
/// as a whole is not an <c>ExportTraceServiceRequest</c>.
/// </summary>
internal sealed record OtlpJsonDecodeResult(
    ExportTraceServiceRequest? Request,
    IReadOnlyDictionary<OtlpSpan, SpanProblem>? SpanProblems,
    string? Error);
