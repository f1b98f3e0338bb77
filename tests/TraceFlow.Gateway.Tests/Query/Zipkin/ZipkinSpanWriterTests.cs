using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using TraceFlow.Gateway.Query.Zipkin;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Tests.Query.Zipkin;

/// <summary>Spans from any protocol written as Zipkin v2 JSON (OpenTelemetry's mapping to Zipkin).</summary>
public sealed class ZipkinSpanWriterTests
{
    private static readonly Span Minimal = new()
    {
        TraceId = "4e441824ec2b6a44ffdc9bb9a6453df3",
        SpanId = "ffdc9bb9a6453df3",
        Service = "svc",
        Operation = "op",
        StartUnixNanos = 1_700_000_000_000_000_000,
        DurationNanos = 1_500_000,
    };

    private static string Write(Span span)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ZipkinSpanWriter.WriteSpan(writer, span);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonElement Json(Span span) => JsonDocument.Parse(Write(span)).RootElement.Clone();

    [Fact]
    public void WriteSpan_AnOtlpStyleSpan_MapsResourceScopeTypedAttributesAndStatusToTags()
    {
        var span = Minimal with
        {
            Kind = SpanKind.Consumer,
            Status = SpanStatusCode.Error,
            StatusMessage = "poison message",
            Attributes =
            [
                new("messaging.batch.message_count", "3", AttributeValueType.IntValue),
                new("retry", "true", AttributeValueType.BoolValue),
                new("ratio", "0.25", AttributeValueType.DoubleValue),
                new("keys", "[\"a\",1]", AttributeValueType.ArrayValue),
                new("map", "{\"k\":\"v\"}", AttributeValueType.KeyValueListValue),
                new("blob", "AQI=", AttributeValueType.BytesValue),
                new("server.address", "broker.local"),
            ],
            ResourceAttributes = [new("service.name", "svc"), new("deployment.environment.name", "prod"), new("host.name", "h1")],
            Scope = new SpanScope { Name = "MyCompany.Messaging", Version = "2.1.0" },
            Links = [new SpanLink { TraceId = "0af7651916cd43dd8448eb211c80319c", SpanId = "b7ad6b7169203331" }],
            Events = [new SpanEvent { Name = "ack", TimeUnixNanos = 1_700_000_000_000_900_000, Attributes = [new("n", "1")] }],
        };

        Assert.Equal(
            """{"traceId":"4e441824ec2b6a44ffdc9bb9a6453df3","id":"ffdc9bb9a6453df3","kind":"CONSUMER","name":"op","timestamp":1700000000000000,"duration":1500,"localEndpoint":{"serviceName":"svc"},"annotations":[{"timestamp":1700000000000900,"value":"ack"}],"tags":{"blob":"AQI=","deployment.environment.name":"prod","error":"poison message","host.name":"h1","keys":"[\"a\",1]","map":"{\"k\":\"v\"}","messaging.batch.message_count":"3","otel.scope.name":"MyCompany.Messaging","otel.scope.version":"2.1.0","otel.status_code":"ERROR","ratio":"0.25","retry":"true","server.address":"broker.local"}}""",
            Write(span).Replace("\\u0022", "\\\"", StringComparison.Ordinal));
    }

    [Fact]
    public void WriteSpan_Minimal_LeavesOutEverythingAbsent()
    {
        Assert.Equal(
            """{"traceId":"4e441824ec2b6a44ffdc9bb9a6453df3","id":"ffdc9bb9a6453df3","name":"op","timestamp":1700000000000000,"duration":1500,"localEndpoint":{"serviceName":"svc"}}""",
            Write(Minimal));
    }

    [Theory]
    [InlineData(SpanKind.Unspecified, null)]
    [InlineData(SpanKind.Internal, null)]
    [InlineData(SpanKind.Server, "SERVER")]
    [InlineData(SpanKind.Client, "CLIENT")]
    [InlineData(SpanKind.Producer, "PRODUCER")]
    [InlineData(SpanKind.Consumer, "CONSUMER")]
    public void WriteSpan_Kind_IsLeftOutForLocalSpans(SpanKind kind, string? expected)
    {
        var json = Json(Minimal with { Kind = kind });

        Assert.Equal(expected, json.TryGetProperty("kind", out var value) ? value.GetString() : null);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, 1L)]
    [InlineData(999, 1L)]
    [InlineData(1_999, 1L)]
    [InlineData(2_000, 2L)]
    public void WriteSpan_Duration_IsWholeMicroseconds_AtLeastOneWhenNonZero(long nanos, long? micros)
    {
        var json = Json(Minimal with { DurationNanos = nanos });

        Assert.Equal(micros, json.TryGetProperty("duration", out var value) ? value.GetInt64() : null);
    }

    [Theory]
    [InlineData("00000000000000005af7183fb1d4cf5f", "5af7183fb1d4cf5f")]
    [InlineData("00000000000000015af7183fb1d4cf5f", "00000000000000015af7183fb1d4cf5f")]
    [InlineData("5af7183fb1d4cf5f", "5af7183fb1d4cf5f")]
    [InlineData("trace-1", "trace-1")]
    [InlineData("0000000000000000trace-1-trace-1-", "0000000000000000trace-1-trace-1-")]
    public void WriteSpan_TraceId_IsSixteenHexWhenTheHighHalfIsZero_OtherwiseAsStored(string stored, string printed) =>
        Assert.Equal(printed, Json(Minimal with { TraceId = stored }).GetProperty("traceId").GetString());

    [Fact]
    public void WriteSpan_NetworkAttributes_BecomeEndpoints_UnlessTheyAreNoAddress()
    {
        var span = Minimal with
        {
            Attributes =
            [
                new("network.local.address", "2001:db8::1"),
                new("network.local.port", "8080", AttributeValueType.IntValue),
                new("peer.service", "db"),
                new("network.peer.address", "db.internal"),
                new("network.peer.port", "99999", AttributeValueType.IntValue),
                new("zipkin.debug", "true", AttributeValueType.BoolValue),
                new("zipkin.shared", "false", AttributeValueType.BoolValue),
            ],
        };

        var json = Json(span);

        Assert.Equal("""{"serviceName":"svc","ipv6":"2001:db8::1","port":8080}""", json.GetProperty("localEndpoint").GetRawText());
        Assert.Equal("""{"serviceName":"db"}""", json.GetProperty("remoteEndpoint").GetRawText());
        Assert.Equal("""{"network.peer.address":"db.internal","network.peer.port":"99999"}""", json.GetProperty("tags").GetRawText());
        Assert.True(json.GetProperty("debug").GetBoolean());
        Assert.False(json.TryGetProperty("shared", out _));
    }

    [Fact]
    public void WriteSpan_ARepeatedEndpointAttribute_IsATag()
    {
        var span = Minimal with
        {
            Kind = SpanKind.Client,
            Attributes = [new("peer.service", "backend"), new("network.peer.address", "10.0.0.2"), new("zipkin.remote_endpoint.ipv6", "::1"), new("peer.service", "backend")],
        };

        var json = Json(span);

        Assert.Equal("""{"serviceName":"backend","ipv4":"10.0.0.2","ipv6":"::1"}""", json.GetProperty("remoteEndpoint").GetRawText());
        Assert.Equal("""{"peer.service":"backend"}""", json.GetProperty("tags").GetRawText());
    }

    [Fact]
    public void WriteSpan_OkStatus_IsTagged_AndAnErrorWithoutMessageHasAnEmptyErrorTag()
    {
        Assert.Equal("""{"otel.status_code":"OK"}""", Json(Minimal with { Status = SpanStatusCode.Ok }).GetProperty("tags").GetRawText());
        Assert.Equal("""{"error":"","otel.status_code":"ERROR"}""", Json(Minimal with { Status = SpanStatusCode.Error }).GetProperty("tags").GetRawText());
        Assert.Equal(
            """{"error":"from tag","otel.status_code":"ERROR"}""",
            Json(Minimal with { Status = SpanStatusCode.Error, Attributes = [new("error", "from tag")] }).GetProperty("tags").GetRawText());
    }

    [Fact]
    public void WriteTrace_OrdersSpansByStart_AndAnnotationsByTime()
    {
        var late = Minimal with
        {
            SpanId = "0000000000000002",
            StartUnixNanos = Minimal.StartUnixNanos + 5_000,
            Events = [new SpanEvent { Name = "b", TimeUnixNanos = 9_000 }, new SpanEvent { Name = "a", TimeUnixNanos = 8_000 }],
        };
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ZipkinSpanWriter.WriteTrace(writer, ImmutableArray.Create(late, Minimal));
        }

        var trace = JsonDocument.Parse(buffer.WrittenMemory).RootElement;

        Assert.Equal(["ffdc9bb9a6453df3", "0000000000000002"], trace.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(["a", "b"], trace[1].GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("value").GetString()));
    }
}
