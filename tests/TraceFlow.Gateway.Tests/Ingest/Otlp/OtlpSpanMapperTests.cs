using System.Text.Json;
using Google.Protobuf;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Otlp;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Common.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1;
using TraceFlow.Grains.Traces;
using static TraceFlow.Gateway.Tests.Infrastructure.OtlpRequests;
using OtlpSpan = TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1.Span;

namespace TraceFlow.Gateway.Tests.Ingest.Otlp;

public sealed class OtlpSpanMapperTests
{
    private static readonly IngestOptions Limits = new();

    [Fact]
    public void Map_EveryField_IsKeptOnTheSpanModel()
    {
        var (traceId, spanId, parentId, linkTrace, linkSpan) = (NewTraceId(), NewSpanId(), NewSpanId(), NewTraceId(), NewSpanId());
        var span = Span(traceId, spanId, "GET /orders", durationNanos: 1_500);
        span.ParentSpanId = Hex(parentId);
        span.Kind = OtlpSpan.Types.SpanKind.Client;
        span.TraceState = "vendor=abc,other=1";
        span.Flags = 0x301;
        span.DroppedAttributesCount = 1;
        span.DroppedEventsCount = 2;
        span.DroppedLinksCount = 3;
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" };
        span.Attributes.Add(Attribute("http.route", "/orders"));
        span.Events.Add(new OtlpSpan.Types.Event { Name = "retry", TimeUnixNano = Start + 10, DroppedAttributesCount = 4, Attributes = { Attribute("attempt", new AnyValue { IntValue = 2 }) } });
        span.Links.Add(new OtlpSpan.Types.Link { TraceId = Hex(linkTrace.ToUpperInvariant()), SpanId = Hex(linkSpan), TraceState = "k=v", Flags = 1, DroppedAttributesCount = 5, Attributes = { Attribute("link.kind", "batch") } });
        var request = Request("orders", span);
        request.ResourceSpans[0].Resource.Attributes.Add(Attribute("host.name", "web-1"));
        request.ResourceSpans[0].ScopeSpans[0].Scope.Attributes.Add(Attribute("scope.attr", "s"));
        request.ResourceSpans[0].ScopeSpans[0].Scope.DroppedAttributesCount = 6;

        var result = OtlpSpanMapper.Map(request, Limits);

        var mapped = Assert.Single(result.Spans);
        Assert.Empty(result.Rejections);
        Assert.Equal(traceId, mapped.TraceId);
        Assert.Equal(spanId, mapped.SpanId);
        Assert.Equal(parentId, mapped.ParentSpanId);
        Assert.Equal("orders", mapped.Service);
        Assert.Equal("GET /orders", mapped.Operation);
        Assert.Equal((long)Start, mapped.StartUnixNanos);
        Assert.Equal(1_500, mapped.DurationNanos);
        Assert.Equal(SpanKind.Client, mapped.Kind);
        Assert.Equal(SpanStatusCode.Error, mapped.Status);
        Assert.Equal("boom", mapped.StatusMessage);
        Assert.Equal("vendor=abc,other=1", mapped.TraceState);
        Assert.Equal(0x301u, mapped.Flags);
        Assert.Equal(new SpanDroppedCounts(1, 2, 3), mapped.Dropped);
        Assert.Equal([new SpanAttribute("http.route", "/orders")], mapped.Attributes);
        Assert.Equal([new SpanAttribute("service.name", "orders"), new SpanAttribute("host.name", "web-1")], mapped.ResourceAttributes);
        Assert.Equal("tests", mapped.Scope!.Name);
        Assert.Equal("1.0", mapped.Scope.Version);
        Assert.Equal([new SpanAttribute("scope.attr", "s")], mapped.Scope.Attributes);
        Assert.Equal(6, mapped.Scope.DroppedAttributesCount);
        var spanEvent = Assert.Single(mapped.Events);
        Assert.Equal("retry", spanEvent.Name);
        Assert.Equal((long)Start + 10, spanEvent.TimeUnixNanos);
        Assert.Equal(4, spanEvent.DroppedAttributesCount);
        Assert.Equal([new SpanAttribute("attempt", "2", AttributeValueType.IntValue)], spanEvent.Attributes);
        var link = Assert.Single(mapped.Links);
        Assert.Equal(linkTrace, link.TraceId);
        Assert.Equal(linkSpan, link.SpanId);
        Assert.Equal("k=v", link.TraceState);
        Assert.Equal(1u, link.Flags);
        Assert.Equal(5, link.DroppedAttributesCount);
        Assert.Equal([new SpanAttribute("link.kind", "batch")], link.Attributes);
    }

    [Fact]
    public void Map_AttributeValues_KeepTheirTypeInCanonicalText()
    {
        var span = Span(NewTraceId(), NewSpanId());
        span.Attributes.Add(Attribute("s", new AnyValue { StringValue = "text" }));
        span.Attributes.Add(Attribute("b", new AnyValue { BoolValue = true }));
        span.Attributes.Add(Attribute("i", new AnyValue { IntValue = -9_007_199_254_740_993 }));
        span.Attributes.Add(Attribute("d", new AnyValue { DoubleValue = 0.1 }));
        span.Attributes.Add(Attribute("nan", new AnyValue { DoubleValue = double.NaN }));
        span.Attributes.Add(Attribute("inf", new AnyValue { DoubleValue = double.NegativeInfinity }));
        span.Attributes.Add(Attribute("bytes", new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3, 255) }));
        span.Attributes.Add(Attribute("array", new AnyValue
        {
            ArrayValue = new ArrayValue
            {
                Values =
                {
                    new AnyValue { StringValue = "a\"<é" }, new AnyValue { IntValue = 1 }, new AnyValue { DoubleValue = 2.5 },
                    new AnyValue { BoolValue = false }, new AnyValue(), new AnyValue { DoubleValue = double.PositiveInfinity },
                    new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 7 } } } },
                },
            },
        }));
        span.Attributes.Add(Attribute("kvlist", new AnyValue
        {
            KvlistValue = new KeyValueList
            {
                Values = { Attribute("k", "v"), Attribute("n", new AnyValue { IntValue = 3 }), Attribute("raw", new AnyValue { BytesValue = ByteString.CopyFrom(9) }) },
            },
        }));
        span.Attributes.Add(Attribute("empty", new AnyValue()));

        var attributes = Assert.Single(OtlpSpanMapper.Map(Request("svc", span), Limits).Spans).Attributes;

        Assert.Equal(
            [
                new SpanAttribute("s", "text", AttributeValueType.StringValue),
                new SpanAttribute("b", "true", AttributeValueType.BoolValue),
                new SpanAttribute("i", "-9007199254740993", AttributeValueType.IntValue),
                new SpanAttribute("d", "0.1", AttributeValueType.DoubleValue),
                new SpanAttribute("nan", "NaN", AttributeValueType.DoubleValue),
                new SpanAttribute("inf", "-Infinity", AttributeValueType.DoubleValue),
                new SpanAttribute("bytes", "AQID/w==", AttributeValueType.BytesValue),
                new SpanAttribute("array", """["a\"<é",1,2.5,false,null,"Infinity",[7]]""", AttributeValueType.ArrayValue),
                new SpanAttribute("kvlist", """{"k":"v","n":3,"raw":"CQ=="}""", AttributeValueType.KeyValueListValue),
                new SpanAttribute("empty", "", AttributeValueType.StringValue),
            ],
            attributes);
    }

    [Fact]
    public void Map_SpansOfOneResource_ShareOneResourceAttributeArrayAndScope()
    {
        var traceId = NewTraceId();
        var request = Request("svc", Span(traceId, NewSpanId()), Span(traceId, NewSpanId()));

        var spans = OtlpSpanMapper.Map(request, Limits).Spans;

        Assert.Equal(2, spans.Count);
        Assert.True(spans[0].ResourceAttributes == spans[1].ResourceAttributes, "the two spans should share one ImmutableArray instance");
        Assert.Same(spans[0].Scope, spans[1].Scope);
        Assert.Same(spans[0].TraceId, spans[1].TraceId);
    }

    [Fact]
    public void Map_ResourceWithoutServiceName_UsesUnknownServiceAndCountsIt()
    {
        var request = Request(null, Span(NewTraceId(), NewSpanId()));
        request.ResourceSpans[0].Resource.Attributes.Add(Attribute("service.name", new AnyValue { IntValue = 5 }));

        var result = OtlpSpanMapper.Map(request, Limits);

        Assert.Equal(OtlpSpanMapper.UnknownService, Assert.Single(result.Spans).Service);
        Assert.Equal(1, result.MissingServiceName);
    }

    [Fact]
    public void Map_EmptyName_IsStoredAsUnknownOperationAndCounted()
    {
        var result = OtlpSpanMapper.Map(Request("svc", Span(NewTraceId(), NewSpanId(), name: " ")), Limits);

        Assert.Equal(OtlpSpanMapper.UnknownOperation, Assert.Single(result.Spans).Operation);
        Assert.Equal(1, result.UnnamedSpans);
    }

    [Theory]
    [InlineData("00000000000000000000000000000000", "0102030405060708", "spans[0].trace_id", "must not be all zeros")]
    [InlineData("0102030405060708090a0b0c0d0e0f", "0102030405060708", "spans[0].trace_id", "must be 16 bytes (32 hex digits in OTLP JSON), got 15")]
    [InlineData("0102030405060708090a0b0c0d0e0f10", "0000000000000000", "spans[0].span_id", "must not be all zeros")]
    [InlineData("0102030405060708090a0b0c0d0e0f10", "010203040506070809", "spans[0].span_id", "must be 8 bytes (16 hex digits in OTLP JSON), got 9")]
    [InlineData("", "0102030405060708", "spans[0].trace_id", "is required (16 bytes, 32 hex digits in OTLP JSON)")]
    public void Map_InvalidIds_RejectThatSpanOnly(string traceId, string spanId, string field, string message)
    {
        var request = Request("svc", Span(traceId, spanId), Span(NewTraceId(), NewSpanId()));

        var result = OtlpSpanMapper.Map(request, Limits);

        Assert.Single(result.Spans);
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal(0, rejection.Index);
        Assert.Equal($"resource_spans[0].scope_spans[0].{field}", rejection.Field);
        Assert.Equal(message, rejection.Message);
    }

    [Fact]
    public void Map_BadParentOrLinkIdsOrTimes_RejectTheSpanWithTheFieldPath()
    {
        var badParent = Span(NewTraceId(), NewSpanId());
        badParent.ParentSpanId = Hex("0000000000000000");
        var badLink = Span(NewTraceId(), NewSpanId());
        badLink.Links.Add(new OtlpSpan.Types.Link { TraceId = Hex(NewTraceId()), SpanId = Hex("01") });
        var endBeforeStart = Span(NewTraceId(), NewSpanId());
        endBeforeStart.EndTimeUnixNano = endBeforeStart.StartTimeUnixNano - 1;
        var beyond2262 = Span(NewTraceId(), NewSpanId(), start: (ulong)long.MaxValue + 1);
        var badEventTime = Span(NewTraceId(), NewSpanId());
        badEventTime.Events.Add(new OtlpSpan.Types.Event { Name = "e", TimeUnixNano = ulong.MaxValue });
        var badKey = Span(NewTraceId(), NewSpanId());
        badKey.Attributes.Add(Attribute("", "v"));

        var result = OtlpSpanMapper.Map(Request("svc", badParent, badLink, endBeforeStart, beyond2262, badEventTime, badKey), Limits);

        Assert.Empty(result.Spans);
        Assert.Equal(
            [
                "spans[0].parent_span_id must not be all zeros",
                "spans[1].links[0].span_id must be 8 bytes (16 hex digits in OTLP JSON), got 1",
                "spans[2].end_time_unix_nano must not be before start_time_unix_nano",
                "spans[3].start_time_unix_nano is beyond the year 2262 (signed 64-bit Unix nanoseconds)",
                "spans[4].events[0].time_unix_nano is beyond the year 2262 (signed 64-bit Unix nanoseconds)",
                "spans[5].attributes[0].key must be 1 to 256 characters",
            ],
            result.Rejections.Select(r => $"{r.Field["resource_spans[0].scope_spans[0].".Length..]} {r.Message}"));
    }

    [Fact]
    public void Map_ServiceNameLongerThanTheNameLimit_RejectsEverySpanOfThatResource()
    {
        var result = OtlpSpanMapper.Map(Request(new string('s', 300), Span(NewTraceId(), NewSpanId()), Span(NewTraceId(), NewSpanId())), Limits);

        Assert.Empty(result.Spans);
        Assert.Equal(2, result.Rejections.Count);
        Assert.All(result.Rejections, r => Assert.Equal("resource_spans[0].resource.attributes[service.name]", r.Field));
    }

    [Fact]
    public void Map_LongValues_AreCutToTheLimitAndStayValid()
    {
        var limits = new IngestOptions { MaxAttributeValueLength = 20 };
        var span = Span(NewTraceId(), NewSpanId());
        span.Attributes.Add(Attribute("s", new string('x', 25) + "😀"));
        span.Attributes.Add(Attribute("emoji", new string('x', 19) + "😀"));
        span.Attributes.Add(Attribute("bytes", new AnyValue { BytesValue = ByteString.CopyFrom(new byte[30]) }));
        span.Attributes.Add(Attribute("array", new AnyValue
        {
            ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "aaaa" }, new AnyValue { StringValue = "bbbb" }, new AnyValue { StringValue = "cccc" }, new AnyValue { StringValue = "dddd" } } },
        }));
        span.Attributes.Add(Attribute("kvlist", new AnyValue { KvlistValue = new KeyValueList { Values = { Attribute("k1", "v1"), Attribute("k2", "v2"), Attribute("k3", "v3") } } }));
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = new string('m', 30) };
        span.TraceState = "a=1,b=2,c=3,d=4,e=5,f=6";

        var result = OtlpSpanMapper.Map(Request("svc", span), limits);

        var mapped = Assert.Single(result.Spans);
        var values = mapped.Attributes.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal(new string('x', 20), values["s"]);
        Assert.Equal(new string('x', 19), values["emoji"]);
        Assert.Equal(Convert.ToBase64String(new byte[15]), values["bytes"]);
        Assert.Equal("""["aaaa","bbbb"]""", values["array"]);
        Assert.Equal("""{"k1":"v1"}""", values["kvlist"]);
        Assert.All(mapped.Attributes, a => Assert.InRange(a.Value.Length, 0, 20));
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(values["array"]).RootElement.ValueKind);
        Assert.Equal(new string('m', 20), mapped.StatusMessage);
        Assert.Equal("a=1,b=2,c=3,d=4,e=5", mapped.TraceState);
        Assert.Equal(7, result.TruncatedAttributes);
    }

    [Fact]
    public void Map_CountLimits_DropAttributesEventsAndLinksBeyondThemAndCountThem()
    {
        var limits = new IngestOptions { MaxAttributesPerSpan = 2, MaxEventsPerSpan = 1, MaxLinksPerSpan = 1 };
        var span = Span(NewTraceId(), NewSpanId());
        for (var i = 0; i < 3; i++)
        {
            span.Attributes.Add(Attribute($"a{i}", "v"));
            span.Events.Add(new OtlpSpan.Types.Event { Name = $"e{i}", TimeUnixNano = Start });
            span.Links.Add(new OtlpSpan.Types.Link { TraceId = Hex(NewTraceId()), SpanId = Hex(NewSpanId()) });
        }

        var result = OtlpSpanMapper.Map(Request("svc", span), limits);

        var mapped = Assert.Single(result.Spans);
        Assert.Equal(["a0", "a1"], mapped.Attributes.Select(a => a.Key));
        Assert.Equal("e0", Assert.Single(mapped.Events).Name);
        Assert.Single(mapped.Links);
        Assert.Equal(1, result.TruncatedAttributes);
        Assert.Equal(2, result.TruncatedEvents);
        Assert.Equal(2, result.TruncatedLinks);
    }

    [Fact]
    public void Map_MoreSpansThanARequestMayCarry_MapsNothing()
    {
        var limits = new IngestOptions { MaxSpansPerRequest = 1 };

        var result = OtlpSpanMapper.Map(Request("svc", Span(NewTraceId(), NewSpanId()), Span(NewTraceId(), NewSpanId())), limits);

        Assert.True(result.TooManySpans);
        Assert.Equal(2, result.TotalSpans);
        Assert.Empty(result.Spans);
    }

    [Fact]
    public void Map_KindFromAFutureOtlpVersion_IsUnspecified()
    {
        var span = Span(NewTraceId(), NewSpanId());
        span.Kind = (OtlpSpan.Types.SpanKind)9;

        Assert.Equal(SpanKind.Unspecified, Assert.Single(OtlpSpanMapper.Map(Request("svc", span), Limits).Spans).Kind);
    }
}
