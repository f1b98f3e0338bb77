using System.Security.Cryptography;
using Google.Protobuf;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Common.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Resource.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1;
using OtlpSpan = TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1.Span;

namespace TraceFlow.Gateway.Tests.Infrastructure;

/// <summary>Builds OTLP protobuf requests for the bad-input and mapping tests (the happy path uses real exporters).</summary>
public static class OtlpRequests
{
    /// <summary>2024-03-09T16:00:00Z in Unix nanoseconds.</summary>
    public const ulong Start = 1_710_000_000_000_000_000;

    public static ExportTraceServiceRequest Request(string? service, params OtlpSpan[] spans)
    {
        var resource = new Resource();
        if (service is not null)
        {
            resource.Attributes.Add(Attribute("service.name", service));
        }

        return new ExportTraceServiceRequest
        {
            ResourceSpans =
            {
                new ResourceSpans
                {
                    Resource = resource,
                    ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope { Name = "tests", Version = "1.0" }, Spans = { spans } } },
                },
            },
        };
    }

    public static OtlpSpan Span(string traceId, string spanId, string name = "op", ulong start = Start, ulong durationNanos = 1_000_000) => new()
    {
        TraceId = Hex(traceId),
        SpanId = Hex(spanId),
        Name = name,
        Kind = OtlpSpan.Types.SpanKind.Server,
        StartTimeUnixNano = start,
        EndTimeUnixNano = start + durationNanos,
    };

    public static ByteString Hex(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));

    public static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Attribute(string key, AnyValue value) => new() { Key = key, Value = value };

    public static string NewTraceId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string NewSpanId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
