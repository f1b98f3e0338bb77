using System.Globalization;
using Google.Protobuf;
using TraceFlow.Gateway.Ingest.Zipkin.Protos;
using TraceFlow.Grains.Traces;
using ProtoKind = TraceFlow.Gateway.Ingest.Zipkin.Protos.Span.Types.Kind;

namespace TraceFlow.Gateway.Ingest.Zipkin;

/// <summary>
/// Decodes Zipkin's proto3 body, <c>zipkin.proto3.ListOfSpans</c>. Bytes that are not a
/// ListOfSpans fail whole; a span with ids of the wrong width or an unknown kind is rejected
/// on its own. Zero values count as absent, as proto3 cannot tell them apart.
/// </summary>
internal static class ZipkinProtoSpanDecoder
{
    public static SpanDecodeResult Decode(ReadOnlySpan<byte> body, IngestOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ListOfSpans list;
        try
        {
            list = ListOfSpans.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return SpanDecodeResult.Failed($"Expected a PROTO3 encoded list of spans (zipkin.proto3.ListOfSpans): {ex.Message}");
        }

        if (list.Spans.Count > limits.MaxSpansPerRequest)
        {
            return SpanDecodeResult.Failed(
                string.Create(CultureInfo.InvariantCulture, $"A request may carry at most {limits.MaxSpansPerRequest} spans."),
                tooManySpans: true);
        }

        var result = new SpanDecodeResult();
        for (var i = 0; i < list.Spans.Count; i++)
        {
            ZipkinSpanMapper.Add(ToFields(list.Spans[i]), i, limits, result);
        }

        return result;
    }

    private static ZipkinSpanFields ToFields(Protos.Span span)
    {
        var fields = new ZipkinSpanFields
        {
            Name = span.Name,
            Timestamp = Micros(span.Timestamp),
            Duration = Micros(span.Duration),
            LocalEndpoint = Endpoint(span.LocalEndpoint),
            RemoteEndpoint = Endpoint(span.RemoteEndpoint),
            Debug = span.Debug,
            Shared = span.Shared,
        };
        fields.TraceId = Id(span.TraceId, fields, "traceId", 8, 16);
        fields.Id = Id(span.Id, fields, "id", 8, 8);
        fields.ParentId = Id(span.ParentId, fields, "parentId", 8, 8);
        fields.Kind = span.Kind switch
        {
            ProtoKind.SpanKindUnspecified => SpanKind.Unspecified,
            ProtoKind.Client => SpanKind.Client,
            ProtoKind.Server => SpanKind.Server,
            ProtoKind.Producer => SpanKind.Producer,
            ProtoKind.Consumer => SpanKind.Consumer,
            _ => Unknown(fields, span.Kind),
        };
        if (span.Timestamp > long.MaxValue)
        {
            fields.Fail("timestamp", "timestamp is beyond the year 2262");
        }

        if (span.Duration > long.MaxValue)
        {
            fields.Fail("duration", "duration is too large");
        }

        foreach (var annotation in span.Annotations)
        {
            fields.Annotations.Add((annotation.Timestamp == 0 ? null : Micros(annotation.Timestamp), annotation.Value));
        }

        foreach (var (key, value) in span.Tags)
        {
            fields.Tags.Add(new(key, value));
        }

        return fields;
    }

    /// <summary>Hex of an id of <paramref name="shortBytes"/> or <paramref name="longBytes"/> bytes; other widths are recorded as a problem.</summary>
    private static string? Id(ByteString bytes, ZipkinSpanFields fields, string field, int shortBytes, int longBytes)
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        if (bytes.Length != shortBytes && bytes.Length != longBytes)
        {
            fields.Fail(field, $"{field} {ZipkinIds.ByteLengthProblem(bytes.Length, shortBytes == longBytes ? $"{shortBytes}" : $"{shortBytes} or {longBytes}")}");
            return null;
        }

        return ZipkinIds.FromBytes(bytes.Span);
    }

    private static SpanKind Unknown(ZipkinSpanFields fields, ProtoKind kind)
    {
        fields.Fail("kind", string.Create(CultureInfo.InvariantCulture, $"kind {(int)kind} is not a Zipkin span kind"));
        return SpanKind.Unspecified;
    }

    /// <summary>Out-of-range values are caught separately; here they only must not wrap.</summary>
    private static long? Micros(ulong micros) => micros == 0 ? null : (long)Math.Min(micros, long.MaxValue);

    private static ZipkinEndpointFields? Endpoint(Protos.Endpoint? endpoint)
    {
        if (endpoint is null)
        {
            return null;
        }

        var fields = new ZipkinEndpointFields { ServiceName = endpoint.ServiceName };
        fields.SetAddress(endpoint.Ipv4.Span);
        fields.SetAddress(endpoint.Ipv6.Span);
        fields.SetPort(endpoint.Port);
        return fields;
    }
}
