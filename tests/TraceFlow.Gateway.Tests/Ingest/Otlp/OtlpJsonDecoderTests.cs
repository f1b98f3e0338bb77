using System.Text;
using TraceFlow.Gateway.Ingest.Otlp;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Common.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1;
using OtlpSpan = TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1.Span;

namespace TraceFlow.Gateway.Tests.Ingest.Otlp;

/// <summary>The OTLP JSON rules (API-COMPAT C.3) and TraceFlow's documented leniencies, one test per rule.</summary>
public sealed class OtlpJsonDecoderTests
{
    [Fact]
    public void Decode_TheSpecificationExample_GivesTheProtobufRequest()
    {
        var result = Decode(OtlpJsonExamples.SpecificationExample);

        Assert.Null(result.Error);
        var resourceSpans = Assert.Single(result.Request!.ResourceSpans);
        Assert.Equal("service.name", resourceSpans.Resource.Attributes[0].Key);
        Assert.Equal("my.service", resourceSpans.Resource.Attributes[0].Value.StringValue);
        var scopeSpans = Assert.Single(resourceSpans.ScopeSpans);
        Assert.Equal("my.library", scopeSpans.Scope.Name);
        Assert.Equal("1.0.0", scopeSpans.Scope.Version);
        Assert.Equal("my.scope.attribute", scopeSpans.Scope.Attributes[0].Key);
        var span = Assert.Single(scopeSpans.Spans);
        Assert.Equal("5b8efff798038103d269b633813fc60c", Convert.ToHexStringLower(span.TraceId.Span));
        Assert.Equal("eee19b7ec3c1b174", Convert.ToHexStringLower(span.SpanId.Span));
        Assert.Equal("eee19b7ec3c1b173", Convert.ToHexStringLower(span.ParentSpanId.Span));
        Assert.Equal("I'm a server span", span.Name);
        Assert.Equal(1544712660000000000UL, span.StartTimeUnixNano);
        Assert.Equal(1544712661000000000UL, span.EndTimeUnixNano);
        Assert.Equal(OtlpSpan.Types.SpanKind.Server, span.Kind);
        Assert.Equal("some value", span.Attributes[0].Value.StringValue);
    }

    [Fact]
    public void Decode_HexIds_AreCaseInsensitive()
    {
        var lower = SingleSpan(Decode(OneSpan("\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\"")));
        var mixed = SingleSpan(Decode(OneSpan("\"traceId\":\"5B8eFFf798038103D269b633813FC60c\",\"spanId\":\"EEE19b7ec3c1B174\"")));

        Assert.Equal(lower.TraceId, mixed.TraceId);
        Assert.Equal(lower.SpanId, mixed.SpanId);
    }

    [Fact]
    public void Decode_IdsThatAreNotHex_RefuseOnlyTheirSpan()
    {
        // Base64 ids (what plain proto3 JSON would write) and odd lengths are not OTLP JSON.
        var result = Decode("""
            {"resourceSpans":[{"scopeSpans":[{"spans":[
              {"traceId":"W47/95gDgQPSabYzgT/GDA==","spanId":"eee19b7ec3c1b174"},
              {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b17"},
              {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","links":[{"traceId":"zz","spanId":"eee19b7ec3c1b174"}]},
              {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}
            ]}]}]}
            """);

        Assert.Null(result.Error);
        var spans = result.Request!.ResourceSpans[0].ScopeSpans[0].Spans;
        Assert.Equal(3, result.SpanProblems!.Count);
        Assert.Equal("trace_id", result.SpanProblems[spans[0]].Field);
        Assert.StartsWith("must be hexadecimal", result.SpanProblems[spans[0]].Message, StringComparison.Ordinal);
        Assert.Equal("span_id", result.SpanProblems[spans[1]].Field);
        Assert.Equal("links[0].trace_id", result.SpanProblems[spans[2]].Field);
        Assert.False(result.SpanProblems.ContainsKey(spans[3]));
    }

    [Fact]
    public void Decode_SixtyFourBitIntegers_AreReadFromStringsOrNumbers()
    {
        var span = SingleSpan(Decode(OneSpan("""
            "startTimeUnixNano":1544712660000000000,"endTimeUnixNano":"18446744073709551615",
            "attributes":[{"key":"a","value":{"intValue":"-9223372036854775808"}},{"key":"b","value":{"intValue":42}}],
            "droppedAttributesCount":"3","flags":"257"
            """)));

        Assert.Equal(1544712660000000000UL, span.StartTimeUnixNano);
        Assert.Equal(ulong.MaxValue, span.EndTimeUnixNano);
        Assert.Equal(long.MinValue, span.Attributes[0].Value.IntValue);
        Assert.Equal(42, span.Attributes[1].Value.IntValue);
        Assert.Equal(3u, span.DroppedAttributesCount);
        Assert.Equal(257u, span.Flags);
    }

    [Fact]
    public void Decode_EnumsAsIntegers_AndLenientlyAsNames()
    {
        var numbers = SingleSpan(Decode(OneSpan("\"kind\":3,\"status\":{\"code\":2,\"message\":\"m\"}")));
        var names = SingleSpan(Decode(OneSpan("\"kind\":\"SPAN_KIND_CLIENT\",\"status\":{\"code\":\"STATUS_CODE_ERROR\"}")));

        Assert.Equal(OtlpSpan.Types.SpanKind.Client, numbers.Kind);
        Assert.Equal(Status.Types.StatusCode.Error, numbers.Status.Code);
        Assert.Equal("m", numbers.Status.Message);
        Assert.Equal(OtlpSpan.Types.SpanKind.Client, names.Kind);
        Assert.Equal(Status.Types.StatusCode.Error, names.Status.Code);
    }

    [Fact]
    public void Decode_UnknownFieldsAndSnakeCaseKeys_AreIgnored()
    {
        var span = SingleSpan(Decode(OneSpan("""
            "name":"kept","futureField":{"nested":[1,2,{"x":null}]},"dropped_attributes_count":9,"end_time_unix_nano":"5"
            """)));

        Assert.Equal("kept", span.Name);
        Assert.Equal(0u, span.DroppedAttributesCount);
        Assert.Equal(0UL, span.EndTimeUnixNano);
    }

    [Fact]
    public void Decode_NullValues_MeanTheDefault()
    {
        var span = SingleSpan(Decode(OneSpan("\"name\":null,\"parentSpanId\":null,\"attributes\":null,\"events\":null,\"status\":null,\"kind\":null")));

        Assert.Equal(string.Empty, span.Name);
        Assert.True(span.ParentSpanId.IsEmpty);
        Assert.Empty(span.Attributes);
        Assert.Null(span.Status);
    }

    [Fact]
    public void Decode_EveryAnyValueCase_IsRead()
    {
        var span = SingleSpan(Decode(OneSpan("""
            "attributes":[
              {"key":"s","value":{"stringValue":"x"}},{"key":"b","value":{"boolValue":true}},
              {"key":"d","value":{"doubleValue":2.5}},{"key":"nan","value":{"doubleValue":"NaN"}},{"key":"dstr","value":{"doubleValue":"1e3"}},
              {"key":"bytes","value":{"bytesValue":"AQID/w=="}},{"key":"urlsafe","value":{"bytesValue":"AQID_w"}},
              {"key":"arr","value":{"arrayValue":{"values":[{"intValue":"1"},{"arrayValue":{"values":[{"stringValue":"in"}]}},{}]}}},
              {"key":"kv","value":{"kvlistValue":{"values":[{"key":"k","value":{"boolValue":false}}]}}},
              {"key":"empty","value":{}}
            ]
            """)));

        var values = span.Attributes.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal("x", values["s"].StringValue);
        Assert.True(values["b"].BoolValue);
        Assert.Equal(2.5, values["d"].DoubleValue);
        Assert.True(double.IsNaN(values["nan"].DoubleValue));
        Assert.Equal(1000, values["dstr"].DoubleValue);
        Assert.Equal(new byte[] { 1, 2, 3, 255 }, values["bytes"].BytesValue.ToByteArray());
        Assert.Equal(new byte[] { 1, 2, 3, 255 }, values["urlsafe"].BytesValue.ToByteArray());
        Assert.Equal(1, values["arr"].ArrayValue.Values[0].IntValue);
        Assert.Equal("in", values["arr"].ArrayValue.Values[1].ArrayValue.Values[0].StringValue);
        Assert.Equal(AnyValue.ValueOneofCase.None, values["arr"].ArrayValue.Values[2].ValueCase);
        Assert.False(values["kv"].KvlistValue.Values[0].Value.BoolValue);
        Assert.Equal(AnyValue.ValueOneofCase.None, values["empty"].ValueCase);
    }

    [Theory]
    [InlineData("", "The body is empty")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"resourceSpans\":[", "not a valid OTLP JSON")]
    [InlineData("{} {}", "not a valid OTLP JSON")]
    [InlineData("{\"resourceSpans\":{}}", "resourceSpans must be an array")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":-1}]}]}]}", "startTimeUnixNano must be an unsigned 64-bit integer")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":\"SERVER\"}]}]}]}", "kind must be an integer")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":7}]}]}]}", "name must be a string")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"attributes\":[{\"key\":\"k\",\"value\":{\"bytesValue\":\"%%\"}}]}]}]}]}", "bytesValue must be a base64 string")]
    public void Decode_BodiesThatAreNotAnExportRequest_FailWithTheReason(string body, string expected)
    {
        var result = Decode(body);

        Assert.Null(result.Request);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NestingDeeperThanTheLimit_Fails()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"arrayValue\":{\"values\":[", 40)) + string.Concat(Enumerable.Repeat("]}}", 40));

        var result = Decode(OneSpan($"\"attributes\":[{{\"key\":\"k\",\"value\":{deep}}}]"));

        Assert.NotNull(result.Error);
    }

    private static OtlpJsonDecodeResult Decode(string json) => OtlpJsonDecoder.Decode(Encoding.UTF8.GetBytes(json));

    private static string OneSpan(string fields) => $$"""{"resourceSpans":[{"scopeSpans":[{"spans":[{{{fields}}}]}]}]}""";

    private static OtlpSpan SingleSpan(OtlpJsonDecodeResult result)
    {
        Assert.Null(result.Error);
        return Assert.Single(Assert.Single(Assert.Single(result.Request!.ResourceSpans).ScopeSpans).Spans);
    }
}
