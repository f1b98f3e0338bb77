using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// The spans of one OTLP request in TraceFlow's model, the spans refused one by one, and
/// what was cut or defaulted on the way; <see cref="TooManySpans"/> refuses the request whole.
/// </summary>
internal sealed class OtlpMapResult
{
    public List<Span> Spans { get; } = [];

    /// <summary>Refused spans; <see cref="SpanRejection.Field"/> is the protobuf path, e.g. <c>resource_spans[0].scope_spans[1].spans[2].trace_id</c>.</summary>
    public List<SpanRejection> Rejections { get; } = [];

    /// <summary>Spans in the request, valid or not.</summary>
    public int TotalSpans { get; set; }

    /// <summary>True when the request held more than <see cref="IngestOptions.MaxSpansPerRequest"/> spans (nothing was mapped).</summary>
    public bool TooManySpans { get; set; }

    /// <summary>Attribute values, status messages or trace states cut, or attributes dropped, to fit the limits.</summary>
    public int TruncatedAttributes { get; set; }

    /// <summary>Span events dropped beyond <see cref="IngestOptions.MaxEventsPerSpan"/>.</summary>
    public int TruncatedEvents { get; set; }

    /// <summary>Span links dropped beyond <see cref="IngestOptions.MaxLinksPerSpan"/>.</summary>
    public int TruncatedLinks { get; set; }

    /// <summary>Accepted spans whose resource had no <c>service.name</c>, stored under <see cref="OtlpSpanMapper.UnknownService"/>.</summary>
    public int MissingServiceName { get; set; }

    /// <summary>Accepted spans with an empty name, stored as <see cref="OtlpSpanMapper.UnknownOperation"/>.</summary>
    public int UnnamedSpans { get; set; }
}
