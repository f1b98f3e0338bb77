using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Json;
using TraceFlow.Gateway.Ingest.Otlp;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.Gateway.Ingest.Zipkin;
using TraceFlow.Gateway.Ingest.Zipkin.Protos;
using TraceFlow.Gateway.Tests.Infrastructure;
using TraceFlow.Gateway.Tests.Ingest.Zipkin;

namespace TraceFlow.Gateway.Tests.Fuzz;

/// <summary>
/// Every ingest decoder on random and mutated-valid bodies: none throws (protobuf parsing may
/// only throw its own <see cref="InvalidProtocolBufferException"/>, which the endpoints answer
/// with 400), none returns more spans than a request may carry, and none allocates past a
/// bound proportional to the body.
/// </summary>
public sealed class DecoderFuzzTests
{
    private static readonly IngestOptions Limits = new() { MaxSpansPerRequest = 100 };

    private static readonly byte[] OwnJson = Encoding.UTF8.GetBytes("""
        {"spans":[{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","parent_span_id":"a3ce929d0e0e4736","service":"checkout","operation":"GET /cart","start_unix_ms":1710000000000.5,"duration_ms":12.25,"status":"error","status_message":"boom","kind":"server","attributes":{"http.status_code":500,"ok":false,"user":"u1"},"events":[{"name":"exception","time_unix_ms":1710000000001,"attributes":{"exception.type":"TimeoutException"}}]}]}
        """);

    private static readonly byte[] OtlpJson = Encoding.UTF8.GetBytes("""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}},{"key":"n","value":{"intValue":"42"}}]},"scopeSpans":[{"scope":{"name":"s","version":"1"},"spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","parentSpanId":"a3ce929d0e0e4736","name":"GET /cart","kind":2,"startTimeUnixNano":"1710000000000000000","endTimeUnixNano":1710000000001000000,"attributes":[{"key":"a","value":{"arrayValue":{"values":[{"boolValue":true},{"doubleValue":1.5}]}}},{"key":"kv","value":{"kvlistValue":{"values":[{"key":"x","value":{"bytesValue":"AAE="}}]}}}],"events":[{"timeUnixNano":"1710000000000500000","name":"e"}],"links":[{"traceId":"5bf92f3577b34da6a3ce929d0e0e4736","spanId":"10f067aa0ba902b7"}],"status":{"code":2,"message":"boom"}}]}]}]}
        """);

    private static readonly byte[] ZipkinJson = Encoding.UTF8.GetBytes("""
        [{"traceId":"5af7183fb1d4cf5f","parentId":"6b221d5bc9e6496c","id":"352bff9a74ca9ad2","kind":"SERVER","name":"get /api","timestamp":1556604172355737,"duration":1431,"localEndpoint":{"serviceName":"backend","ipv4":"192.168.99.1","port":3306},"remoteEndpoint":{"ipv4":"172.19.0.2","port":58648},"tags":{"http.method":"GET","error":"boom"},"annotations":[{"timestamp":1556604172355800,"value":"cache miss"}],"shared":true,"debug":false}]
        """);

    private static readonly byte[] OtlpProtobuf = OtlpRequests.Request(
            "checkout",
            OtlpRequests.Span("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"),
            OtlpRequests.Span("4bf92f3577b34da6a3ce929d0e0e4736", "10f067aa0ba902b7", "child"))
        .ToByteArray();

    private static readonly byte[] ZipkinProtobuf = ZipkinList();

    [Fact]
    public void TraceFlowJson_AnyBody_DecodesWithoutThrowingWithinTheLimits() =>
        Fuzz.Check(Gen.OneOf(Fuzz.RandomBytes, Fuzz.RandomJson, Fuzz.Mutated(OwnJson)), body =>
            Fuzz.WithinAllocationBound(body.Length, () => AssertWithinLimits(TraceFlowJsonSpanDecoder.Decode(body, Limits))));

    [Fact]
    public void ZipkinJson_AnyBody_DecodesWithoutThrowingWithinTheLimits() =>
        Fuzz.Check(Gen.OneOf(Fuzz.RandomBytes, Fuzz.RandomJson, Fuzz.Mutated(ZipkinJson)), body =>
            Fuzz.WithinAllocationBound(body.Length, () => AssertWithinLimits(ZipkinJsonSpanDecoder.Decode(body, Limits))));

    [Fact]
    public void ZipkinProtobuf_AnyBody_DecodesWithoutThrowingWithinTheLimits() =>
        Fuzz.Check(Gen.OneOf(Fuzz.RandomBytes, Fuzz.Mutated(ZipkinProtobuf)), body =>
            Fuzz.WithinAllocationBound(body.Length, () => AssertWithinLimits(ZipkinProtoSpanDecoder.Decode(body, Limits))));

    [Fact]
    public void OtlpJson_AnyBody_DecodesAndMapsWithoutThrowingWithinTheLimits() =>
        Fuzz.Check(Gen.OneOf(Fuzz.RandomBytes, Fuzz.RandomJson, Fuzz.Mutated(OtlpJson)), body =>
            Fuzz.WithinAllocationBound(body.Length, () =>
            {
                var decoded = OtlpJsonDecoder.Decode(body);
                Assert.True((decoded.Error is null) != (decoded.Request is null), "exactly one of request and error");
                if (decoded.Request is not null)
                {
                    AssertWithinLimits(OtlpSpanMapper.Map(decoded.Request, Limits, decoded.SpanProblems));
                }
            }));

    [Fact]
    public void OtlpProtobuf_AnyBody_ParsesOrFailsAsInvalidProtobuf_AndMapsWithinTheLimits() =>
        Fuzz.Check(Gen.OneOf(Fuzz.RandomBytes, Fuzz.Mutated(OtlpProtobuf)), body =>
            Fuzz.WithinAllocationBound(body.Length, () =>
            {
                ExportTraceServiceRequest request;
                try
                {
                    request = ExportTraceServiceRequest.Parser.ParseFrom(body);
                }
                catch (InvalidProtocolBufferException)
                {
                    // The validation error the endpoints answer with 400 (HTTP) or INVALID_ARGUMENT (gRPC).
                    return;
                }

                AssertWithinLimits(OtlpSpanMapper.Map(request, Limits));
            }));

    [Fact]
    public void TheValidSamples_DecodeToSpans()
    {
        Assert.Single(TraceFlowJsonSpanDecoder.Decode(OwnJson, Limits).Spans);
        Assert.Single(ZipkinJsonSpanDecoder.Decode(ZipkinJson, Limits).Spans);
        Assert.Single(ZipkinProtoSpanDecoder.Decode(ZipkinProtobuf, Limits).Spans);
        Assert.Single(OtlpSpanMapper.Map(OtlpJsonDecoder.Decode(OtlpJson).Request!, Limits).Spans);
        Assert.Equal(2, OtlpSpanMapper.Map(ExportTraceServiceRequest.Parser.ParseFrom(OtlpProtobuf), Limits).Spans.Count);
    }

    private static void AssertWithinLimits(SpanDecodeResult result)
    {
        Assert.InRange(result.Spans.Count + result.Rejections.Count, 0, Limits.MaxSpansPerRequest);
        Assert.All(result.Spans, span => Assert.InRange(span.Attributes.Length, 0, Limits.MaxAttributesPerSpan));
    }

    private static void AssertWithinLimits(OtlpMapResult result)
    {
        Assert.InRange(result.Spans.Count + result.Rejections.Count, 0, Limits.MaxSpansPerRequest);
        Assert.All(result.Spans, span => Assert.InRange(span.Attributes.Length, 0, Limits.MaxAttributesPerSpan));
    }

    private static byte[] ZipkinList()
    {
        var span = ZipkinProtoSpanDecoderTests.Valid();
        span.Name = "get /api";
        span.Duration = 1431;
        span.LocalEndpoint = new Endpoint { ServiceName = "backend" };
        span.Tags.Add("http.method", "GET");
        var list = new ListOfSpans();
        list.Spans.Add(span);
        return list.ToByteArray();
    }
}
