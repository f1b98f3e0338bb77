using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Ingest.Zipkin;

/// <summary>
/// One Zipkin v2 span as read off the wire, before validation: the JSON and the protobuf
/// decoders both fill it, and <see cref="ZipkinSpanMapper"/> turns it into a span. The
/// first problem a decoder meets is kept and rejects the span.
/// </summary>
internal sealed class ZipkinSpanFields
{
    /// <summary>Hex text (protobuf bytes are converted).</summary>
    public string? TraceId { get; set; }

    public string? Id { get; set; }

    public string? ParentId { get; set; }

    /// <summary>Unspecified when the span has no kind (a local span).</summary>
    public SpanKind Kind { get; set; }

    public string? Name { get; set; }

    /// <summary>Epoch microseconds; null or 0 when absent.</summary>
    public long? Timestamp { get; set; }

    /// <summary>Microseconds; null when absent.</summary>
    public long? Duration { get; set; }

    public ZipkinEndpointFields? LocalEndpoint { get; set; }

    public ZipkinEndpointFields? RemoteEndpoint { get; set; }

    public List<(long? Timestamp, string? Value)> Annotations { get; } = [];

    public List<KeyValuePair<string, string>> Tags { get; } = [];

    public bool Debug { get; set; }

    public bool Shared { get; set; }

    public string? ErrorField { get; private set; }

    public string? ErrorMessage { get; private set; }

    /// <summary>Records a problem with a field; only the first one is kept.</summary>
    public void Fail(string field, string message)
    {
        if (ErrorField is null)
        {
            ErrorField = field;
            ErrorMessage = message;
        }
    }
}
