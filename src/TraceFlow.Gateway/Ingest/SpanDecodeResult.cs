using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Ingest;

/// <summary>
/// Spans decoded from one request. <see cref="Error"/> is set when the body as a whole is
/// unusable; otherwise valid spans and per-span rejections sit side by side.
/// </summary>
public sealed class SpanDecodeResult
{
    public List<Span> Spans { get; } = [];

    public List<SpanRejection> Rejections { get; } = [];

    /// <summary>Attribute values or status messages truncated, or attributes dropped, to fit the limits.</summary>
    public int TruncatedAttributes { get; set; }

    /// <summary>Span events dropped beyond the per-span limit.</summary>
    public int TruncatedEvents { get; set; }

    public string? Error { get; private set; }

    /// <summary>True when the body held more spans than a request may carry.</summary>
    public bool TooManySpans { get; private set; }

    public static SpanDecodeResult Failed(string error, bool tooManySpans = false) =>
        new() { Error = error, TooManySpans = tooManySpans };
}
