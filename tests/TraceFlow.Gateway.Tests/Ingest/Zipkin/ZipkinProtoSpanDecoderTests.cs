using System.Net;
using Google.Protobuf;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Zipkin;
using TraceFlow.Gateway.Ingest.Zipkin.Protos;
using TraceFlow.Grains.Traces;
using ProtoSpan = TraceFlow.Gateway.Ingest.Zipkin.Protos.Span;

namespace TraceFlow.Gateway.Tests.Ingest.Zipkin;

/// <summary>The proto3 decoder on its own: byte ids, enum kinds, zero as absent, per-span rejections.</summary>
public sealed class ZipkinProtoSpanDecoderTests
{
    private static SpanDecodeResult Decode(params ProtoSpan[] spans)
    {
        var list = new ListOfSpans();
        list.Spans.Add(spans);
        return ZipkinProtoSpanDecoder.Decode(list.ToByteArray(), new IngestOptions());
    }

    /// <summary>A valid span: 64-bit trace id 5af7183fb1d4cf5f, id 352bff9a74ca9ad2, a start.</summary>
    internal static ProtoSpan Valid() => new()
    {
        TraceId = Bytes("5af7183fb1d4cf5f"),
        Id = Bytes("352bff9a74ca9ad2"),
        Timestamp = 1_556_604_172_355_737,
    };

    internal static ByteString Bytes(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));

    [Fact]
    public void Decode_EveryField_MapsOntoTheSpanModel()
    {
        var span = Valid();
        span.TraceId = Bytes("4e441824ec2b6a44ffdc9bb9a6453df3");
        span.ParentId = Bytes("6b221d5bc9e6496c");
        span.Kind = ProtoSpan.Types.Kind.Client;
        span.Name = "get /api";
        span.Duration = 1431;
        span.LocalEndpoint = new Endpoint { ServiceName = "frontend", Ipv4 = ByteString.CopyFrom(IPAddress.Parse("192.168.99.1").GetAddressBytes()), Port = 8080 };
        span.RemoteEndpoint = new Endpoint { ServiceName = "backend", Ipv6 = ByteString.CopyFrom(IPAddress.Parse("2001:db8::c001").GetAddressBytes()), Port = 9000 };
        span.Annotations.Add(new Annotation { Timestamp = 1_556_604_172_355_800, Value = "ws" });
        span.Tags.Add("http.method", "GET");
        span.Tags.Add("error", "boom");
        span.Debug = true;
        span.Shared = true;

        var decoded = Assert.Single(Decode(span).Spans);

        Assert.Equal("4e441824ec2b6a44ffdc9bb9a6453df3", decoded.TraceId);
        Assert.Equal("352bff9a74ca9ad2", decoded.SpanId);
        Assert.Equal("6b221d5bc9e6496c", decoded.ParentSpanId);
        Assert.Equal(SpanKind.Client, decoded.Kind);
        Assert.Equal("get /api", decoded.Operation);
        Assert.Equal("frontend", decoded.Service);
        Assert.Equal(1_556_604_172_355_737_000, decoded.StartUnixNanos);
        Assert.Equal(1_431_000, decoded.DurationNanos);
        Assert.Equal(SpanStatusCode.Error, decoded.Status);
        Assert.Equal("boom", decoded.StatusMessage);
        Assert.Equal([("ws", 1_556_604_172_355_800_000L)], decoded.Events.Select(e => (e.Name, e.TimeUnixNanos)));
        Assert.Equal(
            [
                new SpanAttribute("network.local.address", "192.168.99.1"),
                new SpanAttribute("network.local.port", "8080", AttributeValueType.IntValue),
                new SpanAttribute("peer.service", "backend"),
                new SpanAttribute("network.peer.address", "2001:db8::c001"),
                new SpanAttribute("network.peer.port", "9000", AttributeValueType.IntValue),
                new SpanAttribute("zipkin.debug", "true", AttributeValueType.BoolValue),
                new SpanAttribute("zipkin.shared", "true", AttributeValueType.BoolValue),
                new SpanAttribute("http.method", "GET"),
                new SpanAttribute("error", "boom"),
            ],
            decoded.Attributes);
    }

    [Fact]
    public void Decode_ZeroValues_AreAbsent()
    {
        var span = Valid();
        span.Annotations.Add(new Annotation { Timestamp = 5, Value = "first" });

        var decoded = Assert.Single(Decode(span).Spans);

        Assert.Null(decoded.ParentSpanId);
        Assert.Equal(SpanKind.Internal, decoded.Kind);
        Assert.Equal("unknown", decoded.Operation);
        Assert.Equal("unknown_service", decoded.Service);
        Assert.Equal(0, decoded.DurationNanos);
        Assert.Empty(decoded.Attributes);

        span.Timestamp = 0;
        Assert.Equal(5_000, Assert.Single(Decode(span).Spans).StartUnixNanos);
    }

    [Theory]
    [InlineData("traceId", "traceId must be 8 or 16 bytes, not 4")]
    [InlineData("id", "id must be 8 bytes, not 16")]
    [InlineData("parentId", "parentId must be 8 bytes, not 3")]
    [InlineData("kind", "kind 9 is not a Zipkin span kind")]
    [InlineData("timestamp", "timestamp is beyond the year 2262")]
    [InlineData("missing id", "id is required")]
    public void Decode_AnInvalidSpan_IsRejected_AndTheOthersKept(string defect, string message)
    {
        var bad = Valid();
        switch (defect)
        {
            case "traceId":
                bad.TraceId = Bytes("01020304");
                break;
            case "id":
                bad.Id = Bytes("4e441824ec2b6a44ffdc9bb9a6453df3");
                break;
            case "parentId":
                bad.ParentId = Bytes("010203");
                break;
            case "kind":
                bad.Kind = (ProtoSpan.Types.Kind)9;
                break;
            case "timestamp":
                bad.Timestamp = ulong.MaxValue;
                break;
            default:
                bad.Id = ByteString.Empty;
                break;
        }

        var result = Decode(Valid(), bad);

        Assert.Single(result.Spans);
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal(1, rejection.Index);
        Assert.Equal(message, rejection.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x0a, 0x05, 0x01 })]
    [InlineData(new byte[] { 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 0x7b, 0x7d })]
    public void Decode_BytesThatAreNotAListOfSpans_FailWhole(byte[] body)
    {
        var result = ZipkinProtoSpanDecoder.Decode(body, new IngestOptions());

        Assert.StartsWith("Expected a PROTO3 encoded list of spans", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_AnEmptyBody_IsAnEmptyList()
    {
        var result = ZipkinProtoSpanDecoder.Decode([], new IngestOptions());

        Assert.Null(result.Error);
        Assert.Empty(result.Spans);
    }

    [Fact]
    public void Decode_MoreSpansThanARequestMayCarry_FailsAsTooMany()
    {
        var list = new ListOfSpans();
        list.Spans.Add([Valid(), Valid(), Valid()]);

        var result = ZipkinProtoSpanDecoder.Decode(list.ToByteArray(), new IngestOptions { MaxSpansPerRequest = 2 });

        Assert.True(result.TooManySpans);
    }
}
