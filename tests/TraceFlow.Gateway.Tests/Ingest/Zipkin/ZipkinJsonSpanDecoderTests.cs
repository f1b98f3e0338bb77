using System.Text;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Zipkin;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Tests.Ingest.Zipkin;

/// <summary>The Zipkin JSON v2 decoder on its own: the mapping onto the span model, per-span rejections and limits.</summary>
public sealed class ZipkinJsonSpanDecoderTests
{
    private const string Ids = "\"traceId\":\"5af7183fb1d4cf5f\",\"id\":\"352bff9a74ca9ad2\",\"timestamp\":1556604172355737";

    private static SpanDecodeResult Decode(string json, IngestOptions? limits = null) =>
        ZipkinJsonSpanDecoder.Decode(Encoding.UTF8.GetBytes(json), limits ?? new IngestOptions());

    /// <summary>One span made of the ids and start plus <paramref name="fields"/>.</summary>
    private static Span One(string fields, IngestOptions? limits = null)
    {
        var result = Decode($"[{{{Ids}{(fields.Length > 0 ? "," : "")}{fields}}}]", limits);
        Assert.Null(result.Error);
        Assert.True(result.Rejections.Count == 0, string.Join("; ", result.Rejections));
        return Assert.Single(result.Spans);
    }

    private static SpanRejection Rejected(string span)
    {
        var result = Decode($"[{span}]");
        Assert.Null(result.Error);
        Assert.Empty(result.Spans);
        return Assert.Single(result.Rejections);
    }

    [Fact]
    public void Decode_TheApiExampleSpan_MapsEveryField()
    {
        var span = One("""
            "parentId":"6b221d5bc9e6496c","name":"get /api","duration":1431,"kind":"SERVER",
            "localEndpoint":{"serviceName":"backend","ipv4":"192.168.99.1","port":3306},
            "remoteEndpoint":{"ipv4":"172.19.0.2","port":58648},"tags":{"http.method":"GET","http.path":"/api"}
            """);

        Assert.Equal("00000000000000005af7183fb1d4cf5f", span.TraceId);
        Assert.Equal("352bff9a74ca9ad2", span.SpanId);
        Assert.Equal("6b221d5bc9e6496c", span.ParentSpanId);
        Assert.Equal("get /api", span.Operation);
        Assert.Equal("backend", span.Service);
        Assert.Equal(SpanKind.Server, span.Kind);
        Assert.Equal(1_556_604_172_355_737_000, span.StartUnixNanos);
        Assert.Equal(1_431_000, span.DurationNanos);
        Assert.Equal(SpanStatusCode.Unset, span.Status);
        Assert.Equal(
            [
                new SpanAttribute("network.local.address", "192.168.99.1"),
                new SpanAttribute("network.local.port", "3306", AttributeValueType.IntValue),
                new SpanAttribute("network.peer.address", "172.19.0.2"),
                new SpanAttribute("network.peer.port", "58648", AttributeValueType.IntValue),
                new SpanAttribute("http.method", "GET"),
                new SpanAttribute("http.path", "/api"),
            ],
            span.Attributes);
        Assert.Equal([new SpanAttribute("service.name", "backend")], span.ResourceAttributes);
        Assert.Empty(span.Events);
    }

    [Theory]
    [InlineData("5AF7183FB1D4CF5F", "00000000000000005af7183fb1d4cf5f")]
    [InlineData("4e441824ec2b6a44ffdc9bb9a6453df3", "4e441824ec2b6a44ffdc9bb9a6453df3")]
    [InlineData("0000000000000000ffdc9bb9a6453df3", "0000000000000000ffdc9bb9a6453df3")]
    public void Decode_TraceIds_BecomeThirtyTwoLowercaseHex(string traceId, string stored)
    {
        var result = Decode($$"""[{"traceId":"{{traceId}}","id":"352BFF9A74CA9AD2","timestamp":1}]""");

        var span = Assert.Single(result.Spans);
        Assert.Equal(stored, span.TraceId);
        Assert.Equal("352bff9a74ca9ad2", span.SpanId);
    }

    [Theory]
    [InlineData("""{"id":"352bff9a74ca9ad2","timestamp":1}""", "traceId", "traceId is required")]
    [InlineData("""{"traceId":"trace-1","id":"352bff9a74ca9ad2","timestamp":1}""", "traceId", "traceId must be 16 or 32 hex characters")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f0","id":"352bff9a74ca9ad2","timestamp":1}""", "traceId", "traceId must be 16 or 32 hex characters")]
    [InlineData("""{"traceId":"00000000000000000000000000000000","id":"352bff9a74ca9ad2","timestamp":1}""", "traceId", "traceId must not be all zeros")]
    [InlineData("""{"traceId":5,"id":"352bff9a74ca9ad2","timestamp":1}""", "traceId", "traceId must be a string")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","timestamp":1}""", "id", "id is required")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a","timestamp":1}""", "id", "id must be 16 hex characters")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","parentId":"xyz","timestamp":1}""", "parentId", "parentId must be 16 hex characters")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","kind":"LOCAL","timestamp":1}""", "kind", "kind must be CLIENT, SERVER, PRODUCER or CONSUMER")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2"}""", "timestamp", "timestamp is required when the span has no annotations")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","timestamp":-1}""", "timestamp", "timestamp must be a non-negative integer of microseconds")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","timestamp":1.5}""", "timestamp", "timestamp must be a non-negative integer of microseconds")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","timestamp":"1"}""", "timestamp", "timestamp must be a non-negative integer of microseconds")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","timestamp":9223372036854776}""", "timestamp", "timestamp must be between 0 and 9223372036854775 microseconds")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","timestamp":9223372036854775,"duration":1}""", "duration", "duration must be a non-negative number of microseconds ending before the year 2262")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","timestamp":1,"tags":{"k":{}}}""", "tags.k", "tags.k must be a string")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","timestamp":1,"tags":{"":"v"}}""", "tags", "tag names must be 1 to 256 characters")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","timestamp":1,"annotations":[{"timestamp":1}]}""", "annotations[0].value", "annotations[0].value is required and must not be blank")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","timestamp":1,"annotations":[{"value":"ws"}]}""", "annotations[0].timestamp", "annotations[0].timestamp is required")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","timestamp":1,"annotations":{}}""", "annotations", "annotations must be an array of {\"timestamp\",\"value\"} objects")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","timestamp":1,"localEndpoint":"backend"}""", "localEndpoint", "localEndpoint must be an object")]
    [InlineData("""{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","timestamp":1,"debug":"yes"}""", "debug", "debug must be true or false")]
    [InlineData("\"a span\"", "span", "each span must be a JSON object")]
    public void Decode_AnInvalidSpan_IsRejectedNamingTheField(string span, string field, string message)
    {
        var rejection = Rejected(span);

        Assert.Equal(0, rejection.Index);
        Assert.Equal(field, rejection.Field);
        Assert.Equal(message, rejection.Message);
    }

    [Fact]
    public void Decode_InvalidSpansAmongValidOnes_AreRejectedOneByOneWithTheirIndex()
    {
        var result = Decode("""
            [{"traceId":"5af7183fb1d4cf5f","id":"0000000000000001","timestamp":1},
             {"traceId":"bad","id":"0000000000000002","timestamp":1},
             {"traceId":"5af7183fb1d4cf5f","id":"0000000000000003","timestamp":1},
             7]
            """);

        Assert.Equal(["0000000000000001", "0000000000000003"], result.Spans.Select(s => s.SpanId));
        Assert.Equal([(1, "0000000000000002", "traceId"), (3, null, "span")], result.Rejections.Select(r => (r.Index, r.SpanId, r.Field)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n ")]
    [InlineData("[]")]
    [InlineData("\uFEFF[]")]
    public void Decode_AnEmptyBodyOrList_HasNoSpansAndNoError(string body)
    {
        var result = Decode(body);

        Assert.Null(result.Error);
        Assert.Empty(result.Spans);
        Assert.Empty(result.Rejections);
    }

    [Theory]
    [InlineData("{}", "Expected a JSON_V2 encoded list")]
    [InlineData("{\"spans\":[]}", "Expected a JSON_V2 encoded list")]
    [InlineData("\"span\"", "Expected a JSON_V2 encoded list")]
    [InlineData("[] []", "not valid JSON")]
    [InlineData("[{\"traceId\":", "not valid JSON")]
    [InlineData("[{\"traceId\":\"5af7183fb1d4cf5f\",}]", "not valid JSON")]
    [InlineData("nope", "not valid JSON")]
    public void Decode_ABodyThatIsNotAJsonList_FailsWhole(string body, string problem)
    {
        var result = Decode(body);

        Assert.NotNull(result.Error);
        Assert.Contains(problem, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", SpanKind.Internal)]
    [InlineData("\"kind\":null", SpanKind.Internal)]
    [InlineData("\"kind\":\"CLIENT\"", SpanKind.Client)]
    [InlineData("\"kind\":\"SERVER\"", SpanKind.Server)]
    [InlineData("\"kind\":\"PRODUCER\"", SpanKind.Producer)]
    [InlineData("\"kind\":\"CONSUMER\"", SpanKind.Consumer)]
    [InlineData("\"kind\":\"client\"", SpanKind.Client)]
    public void Decode_Kind_MapsOntoSpanKind_AbsentIsInternal(string kind, SpanKind expected) =>
        Assert.Equal(expected, One(kind).Kind);

    [Theory]
    [InlineData("")]
    [InlineData("\"name\":\"\"")]
    [InlineData("\"name\":null")]
    [InlineData("\"name\":\" \"")]
    public void Decode_NoName_IsOperationUnknown(string name) => Assert.Equal("unknown", One(name).Operation);

    [Theory]
    [InlineData("")]
    [InlineData("\"localEndpoint\":null")]
    [InlineData("\"localEndpoint\":{}")]
    [InlineData("\"localEndpoint\":{\"serviceName\":\"\",\"ipv4\":\"10.0.0.1\"}")]
    public void Decode_NoServiceName_IsUnknownService(string endpoint)
    {
        var span = One(endpoint);

        Assert.Equal("unknown_service", span.Service);
        Assert.Equal([new SpanAttribute("service.name", "unknown_service")], span.ResourceAttributes);
    }

    [Fact]
    public void Decode_MissingDuration_IsZero_AndNullFieldsAreAbsent()
    {
        var span = One("\"duration\":null,\"parentId\":null,\"tags\":null,\"annotations\":null,\"debug\":null,\"remoteEndpoint\":null");

        Assert.Equal(0, span.DurationNanos);
        Assert.Null(span.ParentSpanId);
        Assert.Empty(span.Attributes);
        Assert.Empty(span.Events);
        Assert.Equal(1_556_604_172_355_737_000, span.StartUnixNanos);
    }

    [Fact]
    public void Decode_AllZeroParentId_IsARootSpan() => Assert.Null(One("\"parentId\":\"0000000000000000\"").ParentSpanId);

    [Fact]
    public void Decode_NoTimestamp_StartsAtTheEarliestAnnotation()
    {
        var result = Decode("""
            [{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2",
              "annotations":[{"timestamp":1556604172355900,"value":"wr"},{"timestamp":1556604172355800,"value":"ws"}]}]
            """);

        var span = Assert.Single(result.Spans);
        Assert.Equal(1_556_604_172_355_800_000, span.StartUnixNanos);
        Assert.Equal([("wr", 1_556_604_172_355_900_000L), ("ws", 1_556_604_172_355_800_000L)], span.Events.Select(e => (e.Name, e.TimeUnixNanos)));
    }

    [Fact]
    public void Decode_Endpoints_BecomeNetworkAndPeerAttributes()
    {
        var span = One("""
            "localEndpoint":{"serviceName":"frontend","ipv4":"10.0.0.1","ipv6":"2001:DB8::C001","port":8080},
            "remoteEndpoint":{"serviceName":"mysql","ipv6":"::ffff:172.19.0.2","port":0}
            """);

        Assert.Equal("frontend", span.Service);
        Assert.Equal(
            [
                new SpanAttribute("network.local.address", "10.0.0.1"),
                new SpanAttribute("zipkin.local_endpoint.ipv6", "2001:db8::c001"),
                new SpanAttribute("network.local.port", "8080", AttributeValueType.IntValue),
                new SpanAttribute("peer.service", "mysql"),
                new SpanAttribute("network.peer.address", "172.19.0.2"),
            ],
            span.Attributes);
    }

    [Theory]
    [InlineData("\"ipv4\":\"10\"")]
    [InlineData("\"ipv4\":\"not-an-ip\"")]
    [InlineData("\"ipv4\":\"\"")]
    [InlineData("\"port\":70000")]
    [InlineData("\"port\":-1")]
    public void Decode_AnUnusableAddressOrPort_IsIgnoredAsZipkinDoes(string field) =>
        Assert.Empty(One($"\"localEndpoint\":{{\"serviceName\":\"a\",{field}}}").Attributes);

    [Fact]
    public void Decode_ErrorTag_MarksAnErrorWithItsValueAsMessage_AndKeepsTheTag()
    {
        var span = One("\"tags\":{\"error\":\"connection refused\",\"otel.status_code\":\"OK\"}");

        Assert.Equal(SpanStatusCode.Error, span.Status);
        Assert.Equal("connection refused", span.StatusMessage);
        Assert.Equal([new SpanAttribute("error", "connection refused")], span.Attributes);
    }

    [Theory]
    [InlineData("\"otel.status_code\":\"OK\"", SpanStatusCode.Ok, null)]
    [InlineData("\"otel.status_code\":\"ERROR\"", SpanStatusCode.Error, null)]
    [InlineData("\"otel.status_code\":\"ERROR\",\"error\":\"\"", SpanStatusCode.Error, null)]
    [InlineData("\"otel.status_code\":\"ERROR\",\"error\":\"timeout\"", SpanStatusCode.Error, "timeout")]
    [InlineData("\"http.status_code\":\"500\"", SpanStatusCode.Unset, null)]
    public void Decode_StatusTags_SetTheStatus(string tags, SpanStatusCode status, string? message)
    {
        var span = One($"\"tags\":{{{tags}}}");

        Assert.Equal(status, span.Status);
        Assert.Equal(message, span.StatusMessage);
        Assert.DoesNotContain(span.Attributes, a => a.Key == "otel.status_code");
    }

    [Fact]
    public void Decode_UnknownStatusCodeValue_StaysATag() =>
        Assert.Equal([new SpanAttribute("otel.status_code", "UNSET")], One("\"tags\":{\"otel.status_code\":\"UNSET\"}").Attributes);

    [Fact]
    public void Decode_DebugAndShared_AreBooleanAttributes()
    {
        var span = One("\"debug\":true,\"shared\":true");

        Assert.Equal(
            [new SpanAttribute("zipkin.debug", "true", AttributeValueType.BoolValue), new SpanAttribute("zipkin.shared", "true", AttributeValueType.BoolValue)],
            span.Attributes);
        Assert.Empty(One("\"debug\":false,\"shared\":false").Attributes);
    }

    [Fact]
    public void Decode_NonStringTagValues_KeepTheirText() =>
        Assert.Equal(
            [new SpanAttribute("n", "1.50"), new SpanAttribute("b", "true")],
            One("\"tags\":{\"n\":1.50,\"b\":true}").Attributes);

    [Fact]
    public void Decode_Annotations_BecomeEventsWithNanosecondTimes()
    {
        var span = One("\"annotations\":[{\"timestamp\":1556604172355800,\"value\":\"ws\"},{\"value\":\"wr\",\"timestamp\":1556604172355801,\"endpoint\":{}}]");

        Assert.Equal([("ws", 1_556_604_172_355_800_000L), ("wr", 1_556_604_172_355_801_000L)], span.Events.Select(e => (e.Name, e.TimeUnixNanos)));
        Assert.All(span.Events, e => Assert.Empty(e.Attributes));
    }

    [Fact]
    public void Decode_UnknownFields_AreIgnored() =>
        Assert.Equal("n", One("\"future\":{\"a\":[1,{\"b\":2}]},\"name\":\"n\",\"binaryAnnotations\":[]").Operation);

    [Fact]
    public void Decode_OverlongNames_RejectTheSpan()
    {
        var limits = new IngestOptions { MaxNameLength = 5 };
        const string Named = "\"name\":\"n\",\"localEndpoint\":{\"serviceName\":\"s\"}";
        var result = Decode($$$"""
            [{{{{Ids}}},"name":"123456","localEndpoint":{"serviceName":"s"}},{{{{Ids}}},"name":"n","localEndpoint":{"serviceName":"123456"}},
             {{{{Ids}}},{{{Named}}},"annotations":[{"timestamp":1,"value":"123456"}]},{{{{Ids}}},{{{Named}}},"tags":{"123456":"v"}},
             {{{{Ids}}},"name":"12345","localEndpoint":{"serviceName":"12345"}}]
            """, limits);

        Assert.Equal(["name", "localEndpoint.serviceName", "annotations[0].value", "tags"], result.Rejections.Select(r => r.Field));
        Assert.Equal("12345", Assert.Single(result.Spans).Operation);
    }

    [Fact]
    public void Decode_LongTagValues_AreCut_AndExtraTagsAndAnnotationsDropped_AndCounted()
    {
        var limits = new IngestOptions { MaxAttributeValueLength = 4, MaxAttributesPerSpan = 3, MaxEventsPerSpan = 1 };

        var result = Decode($$"""
            [{{{Ids}},"remoteEndpoint":{"serviceName":"mysql"},"tags":{"error":"timed out","b":"2","c":"3"},
              "annotations":[{"timestamp":1,"value":"a"},{"timestamp":2,"value":"b"},{"timestamp":3,"value":"c"}]}]
            """, limits);

        var span = Assert.Single(result.Spans);
        Assert.Equal([new SpanAttribute("peer.service", "mysq"), new SpanAttribute("error", "time"), new SpanAttribute("b", "2")], span.Attributes);
        Assert.Equal("time", span.StatusMessage);
        Assert.Equal(["a"], span.Events.Select(e => e.Name));
        Assert.Equal(3, result.TruncatedAttributes);
        Assert.Equal(2, result.TruncatedEvents);
    }

    [Fact]
    public void Decode_MoreSpansThanARequestMayCarry_FailsAsTooMany()
    {
        var span = $"{{{Ids}}}";

        var result = Decode($"[{span},{span},{span}]", new IngestOptions { MaxSpansPerRequest = 2 });

        Assert.True(result.TooManySpans);
        Assert.Contains("at most 2 spans", result.Error, StringComparison.Ordinal);
    }
}
