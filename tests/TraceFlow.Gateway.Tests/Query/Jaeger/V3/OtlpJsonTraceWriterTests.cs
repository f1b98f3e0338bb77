using System.Text.Json;
using TraceFlow.Gateway.Query.Jaeger.V3;
using TraceFlow.Grains.Traces;
using static TraceFlow.Gateway.Tests.Query.Jaeger.JaegerTestData;

namespace TraceFlow.Gateway.Tests.Query.Jaeger.V3;

public sealed class OtlpJsonTraceWriterTests
{
    [Fact]
    public void WriteTracesData_TwoTracesOfOneService_GroupsEachTraceOnItsOwn()
    {
        var one = Span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "checkout", "GET /a", 1_000, 500);
        var two = Span("463ac35c9f6413ad", "00f067aa0ba902b7", "checkout", "GET /b", 2_000, 500, kind: SpanKind.Server);

        var json = Write(w => OtlpJsonTraceWriter.WriteTracesData(w, [[one], [two]]));

        AssertJsonEqual("""
            {"resourceSpans":[
              {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},"scopeSpans":[{"scope":{},"spans":[
                {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"GET /a","kind":0,
                 "startTimeUnixNano":"1000","endTimeUnixNano":"1500","attributes":[],"status":{"code":0}}]}]},
              {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},"scopeSpans":[{"scope":{},"spans":[
                {"traceId":"0000000000000000463ac35c9f6413ad","spanId":"00f067aa0ba902b7","name":"GET /b","kind":2,
                 "startTimeUnixNano":"2000","endTimeUnixNano":"2500","attributes":[],"status":{"code":0}}]}]}]}
            """, json);
    }

    [Theory]
    [InlineData("12", AttributeValueType.IntValue, """{"intValue":"12"}""")]
    [InlineData("1.5e3", AttributeValueType.DoubleValue, """{"doubleValue":1500}""")]
    [InlineData("-Infinity", AttributeValueType.DoubleValue, """{"doubleValue":"-Infinity"}""")]
    [InlineData("yes", AttributeValueType.BoolValue, """{"stringValue":"yes"}""")]
    [InlineData("[1e2,18446744073709551616,\"s\"]", AttributeValueType.ArrayValue, """{"arrayValue":{"values":[{"doubleValue":100},{"doubleValue":1.8446744073709552E+19},{"stringValue":"s"}]}}""")]
    [InlineData("{}", AttributeValueType.KeyValueListValue, """{"kvlistValue":{"values":[]}}""")]
    [InlineData("[1]", AttributeValueType.KeyValueListValue, """{"stringValue":"[1]"}""")]
    public void AnyValue_StoredText_IsTypedOrFallsBackToText(string value, AttributeValueType type, string expected)
    {
        var json = Write(w => OtlpJsonAnyValue.Write(w, new SpanAttribute("k", value, type)));

        AssertJsonEqual(expected, json);
    }

    private static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }
}
