using Google.Protobuf;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Common.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Resource.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1;
using TraceFlow.LoadGen.Generation;

namespace TraceFlow.LoadGen.Encoding;

/// <summary>Builds an OTLP <c>ExportTraceServiceRequest</c>: one ResourceSpans per service, as SDKs of each service would send.</summary>
internal sealed class OtlpRequestEncoder
{
    private static readonly InstrumentationScope Scope = new() { Name = "TraceFlow.LoadGen", Version = "1.0.0" };

    private readonly Dictionary<string, ScopeSpans> byService = new(StringComparer.Ordinal);

    public ExportTraceServiceRequest Build(RequestBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        byService.Clear();
        var request = new ExportTraceServiceRequest();
        Span<byte> bytes = stackalloc byte[16];
        foreach (var entry in batch.Entries)
        {
            entry.Trace.Id.WriteBytes(bytes);
            var traceId = ByteString.CopyFrom(bytes);
            foreach (var span in entry.Spans)
            {
                if (!byService.TryGetValue(span.Service, out var scopeSpans))
                {
                    scopeSpans = new ScopeSpans { Scope = Scope };
                    var resource = new Resource();
                    resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = span.Service } });
                    request.ResourceSpans.Add(new ResourceSpans { Resource = resource, ScopeSpans = { scopeSpans } });
                    byService.Add(span.Service, scopeSpans);
                }

                scopeSpans.Spans.Add(ToOtlp(span, traceId));
            }
        }

        return request;
    }

    private static Span ToOtlp(GeneratedSpan span, ByteString traceId)
    {
        var otlp = new Span
        {
            TraceId = traceId,
            SpanId = Id(span.SpanId),
            Name = span.Operation,
            Kind = (Span.Types.SpanKind)(int)span.Kind,
            StartTimeUnixNano = (ulong)span.StartUnixNanos,
            EndTimeUnixNano = (ulong)span.EndUnixNanos,
        };
        if (span.ParentSpanId != 0)
        {
            otlp.ParentSpanId = Id(span.ParentSpanId);
        }

        if (span.IsError)
        {
            otlp.Status = new Status { Code = Status.Types.StatusCode.Error, Message = span.StatusMessage ?? string.Empty };
        }

        foreach (var attribute in span.Attributes)
        {
            var value = attribute.IsInt ? new AnyValue { IntValue = attribute.IntValue } : new AnyValue { StringValue = attribute.StringValue };
            otlp.Attributes.Add(new KeyValue { Key = attribute.Key, Value = value });
        }

        return otlp;
    }

    private static ByteString Id(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return ByteString.CopyFrom(bytes);
    }
}
