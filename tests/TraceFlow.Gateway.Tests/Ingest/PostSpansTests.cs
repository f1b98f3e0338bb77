using System.Net;
using System.Text.Json;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Ingest;

[Collection(GatewayCollection.Name)]
public sealed class PostSpansTests(GatewayFactory factory)
{
    private readonly GatewayClient client = new(factory);

    /// <summary>The seed README's curl example, byte for byte.</summary>
    private const string SeedExample = """
        {
            "spans": [
              {
                "trace_id": "trace-1",
                "span_id": "span-1",
                "service": "checkout",
                "operation": "checkout.request",
                "start_unix_ms": 1710000000000,
                "duration_ms": 42,
                "status": "ok"
              }
            ]
          }
        """;

    [Fact]
    public async Task PostSpans_TheSeedCurlExample_IsAcceptedAndReadBackByTraceId()
    {
        using var response = await client.PostSpansAsync(SeedExample);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await GatewayClient.ReadJsonAsync(response);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(0, body.GetProperty("rejected").GetInt32());
        Assert.Equal(0, body.GetProperty("errors").GetArrayLength());

        var trace = await client.WaitForTraceAsync("trace-1");
        Assert.Equal("trace-1", trace.GetProperty("trace_id").GetString());
        Assert.Equal("checkout", trace.GetProperty("root_service").GetString());
        Assert.Equal("checkout.request", trace.GetProperty("root_operation").GetString());
        Assert.Equal(1710000000000, trace.GetProperty("start_unix_ms").GetDouble());
        Assert.Equal(42, trace.GetProperty("duration_ms").GetDouble());
        Assert.Equal("always_sample", trace.GetProperty("sampling_policy").GetString());
        var span = Assert.Single(trace.GetProperty("spans").EnumerateArray());
        Assert.Equal("span-1", span.GetProperty("span_id").GetString());
        Assert.Equal(JsonValueKind.Null, span.GetProperty("parent_span_id").ValueKind);
        Assert.Equal("ok", span.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, span.GetProperty("status_message").ValueKind);
        Assert.Equal(0, span.GetProperty("events").GetArrayLength());
        Assert.Equal(0, span.GetProperty("links").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, span.GetProperty("trace_state").ValueKind);
        Assert.Equal(JsonValueKind.Null, span.GetProperty("scope").ValueKind);
        Assert.Empty(span.GetProperty("resource_attributes").EnumerateObject());
    }

    [Fact]
    public async Task PostSpans_TheSeedDemoTrace_ShowsItsServiceDependencyPath()
    {
        var id = GatewayClient.NewTraceId();
        using var response = await client.PostSpansAsync($$"""
            {"spans":[
              {"trace_id":"{{id}}","span_id":"a1","service":"checkout","operation":"checkout.request","start_unix_ms":1710000000000,"duration_ms":100,"status":"ok","kind":"server"},
              {"trace_id":"{{id}}","span_id":"b2","parent_span_id":"a1","service":"inventory","operation":"inventory.lookup","start_unix_ms":1710000000010,"duration_ms":30,"status":"ok"},
              {"trace_id":"{{id}}","span_id":"c3","parent_span_id":"a1","service":"payment","operation":"payment.charge","start_unix_ms":1710000000050,"duration_ms":40,"status":"error"}
            ]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var trace = await client.WaitForTraceAsync(id);

        Assert.Equal(["checkout → inventory", "checkout → payment"], trace.GetProperty("dependency_path").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["checkout", "inventory", "payment"], trace.GetProperty("services").EnumerateArray().Select(e => e.GetString()));
        Assert.True(trace.GetProperty("has_error").GetBoolean());
        Assert.Equal(3, trace.GetProperty("span_count").GetInt32());
        Assert.Equal(100, trace.GetProperty("duration_ms").GetDouble());
        Assert.Equal(["a1", "b2", "c3"], trace.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("span_id").GetString()));
        Assert.Equal("server", trace.GetProperty("spans")[0].GetProperty("kind").GetString());
        var payment = trace.GetProperty("dependencies")[1];
        Assert.Equal("payment", payment.GetProperty("child").GetString());
        Assert.Equal(1, payment.GetProperty("error_count").GetInt32());
    }

    [Fact]
    public async Task PostSpans_MixedBatch_KeepsTheGoodSpansAndNamesTheBadField()
    {
        var id = GatewayClient.NewTraceId();
        using var response = await client.PostSpansAsync($$"""
            {"spans":[
              {"trace_id":"{{id}}","span_id":"good","service":"checkout","operation":"op","start_unix_ms":1710000000000,"duration_ms":5,"status":"ok"},
              {"trace_id":"{{id}}","span_id":"bad","service":"checkout","operation":"op","start_unix_ms":1710000000000,"duration_ms":-5,"status":"ok"}
            ]}
            """);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await GatewayClient.ReadJsonAsync(response);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("rejected").GetInt32());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal("bad", error.GetProperty("span_id").GetString());
        Assert.Equal("duration_ms", error.GetProperty("field").GetString());
        Assert.Contains("duration_ms", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        var trace = await client.WaitForTraceAsync(id);
        Assert.Equal("good", Assert.Single(trace.GetProperty("spans").EnumerateArray()).GetProperty("span_id").GetString());
    }

    [Theory]
    [InlineData("\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1", "trace_id")]
    [InlineData("\"trace_id\":7,\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1", "trace_id")]
    [InlineData("\"trace_id\":\"a/b\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1", "trace_id")]
    [InlineData("\"trace_id\":\"00000000000000000000000000000000\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1", "trace_id")]
    [InlineData("\"trace_id\":\"t\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1", "span_id")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"parent_span_id\":5,\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1", "parent_span_id")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1", "service")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"  \",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1", "service")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"start_unix_ms\":1,\"duration_ms\":1", "operation")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"ooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo\",\"start_unix_ms\":1,\"duration_ms\":1", "operation")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"duration_ms\":1", "start_unix_ms")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":\"1710000000000\",\"duration_ms\":1", "start_unix_ms")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":-1,\"duration_ms\":1", "start_unix_ms")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1e300,\"duration_ms\":1", "start_unix_ms")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":\"42\"", "duration_ms")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":-0.5", "duration_ms")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1,\"status\":\"weird\"", "status")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1,\"status_message\":5", "status_message")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1,\"kind\":\"sideways\"", "kind")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1,\"attributes\":[1]", "attributes")]
    [InlineData("\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1,\"attributes\":{\"user\":{\"id\":1}}", "attributes.user")]
    public async Task PostSpans_AnInvalidSpan_Gets400NamingTheField(string fields, string field)
    {
        using var response = await client.PostSpansAsync($"{{\"spans\":[{{{fields}}}]}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await GatewayClient.ReadJsonAsync(response);
        Assert.Equal(0, body.GetProperty("accepted").GetInt32());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Contains(field, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\":\"e\",\"time_unix_ms\":1}", "events")]
    [InlineData("[1]", "events[0]")]
    [InlineData("[{\"name\":\"e\",\"time_unix_ms\":1},\"e\"]", "events[1]")]
    [InlineData("[{\"time_unix_ms\":1}]", "events[0].name")]
    [InlineData("[{\"name\":\"  \",\"time_unix_ms\":1}]", "events[0].name")]
    [InlineData("[{\"name\":7,\"time_unix_ms\":1}]", "events[0].name")]
    [InlineData("[{\"name\":null,\"time_unix_ms\":1}]", "events[0].name")]
    [InlineData("[{\"name\":\"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\",\"time_unix_ms\":1}]", "events[0].name")]
    [InlineData("[{\"name\":\"e\"}]", "events[0].time_unix_ms")]
    [InlineData("[{\"name\":\"e\",\"time_unix_ms\":\"1710000000000\"}]", "events[0].time_unix_ms")]
    [InlineData("[{\"name\":\"e\",\"time_unix_ms\":-1}]", "events[0].time_unix_ms")]
    [InlineData("[{\"name\":\"e\",\"time_unix_ms\":1e300}]", "events[0].time_unix_ms")]
    [InlineData("[{\"name\":\"a\",\"time_unix_ms\":1},{\"name\":\"b\",\"time_unix_ms\":2},{\"name\":\"c\",\"time_unix_ms\":null}]", "events[2].time_unix_ms")]
    [InlineData("[{\"name\":\"e\",\"time_unix_ms\":1,\"attributes\":[1]}]", "events[0].attributes")]
    [InlineData("[{\"name\":\"e\",\"time_unix_ms\":1,\"attributes\":{\"\":\"v\"}}]", "events[0].attributes")]
    [InlineData("[{\"name\":\"e\",\"time_unix_ms\":1,\"attributes\":{\"exception\":{\"type\":\"X\"}}}]", "events[0].attributes.exception")]
    public async Task PostSpans_AnInvalidEvent_Gets400NamingTheEventsFieldPath(string events, string field)
    {
        using var response = await client.PostSpansAsync(
            $"{{\"spans\":[{{\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1,\"duration_ms\":1,\"events\":{events}}}]}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await GatewayClient.ReadJsonAsync(response);
        Assert.Equal(0, body.GetProperty("accepted").GetInt32());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("s", error.GetProperty("span_id").GetString());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Contains(field, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hello", "not valid JSON")]
    [InlineData("{\"spans\":[{\"trace_id\":\"t\",", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{}", "no \"spans\" array")]
    [InlineData("{\"spans\":[]}", "\"spans\" is empty")]
    [InlineData("{\"spans\":{}}", "\"spans\" must be an array")]
    [InlineData("{\"spans\":[1,2]}", "Every span in the request was invalid")]
    [InlineData("", "not valid JSON")]
    public async Task PostSpans_ABodyThatIsNotASpanBatch_Gets400WithAClearMessage(string body, string message)
    {
        using var response = await client.PostSpansAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await GatewayClient.ReadJsonAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostSpans_WithANonJsonContentType_Gets415()
    {
        using var response = await client.Http.PostAsync(
            "/api/spans", GatewayClient.Bytes("{}"u8.ToArray(), "text/plain"), GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task PostSpans_AttributesBeyondTheCount_AreDroppedAndCounted()
    {
        var id = GatewayClient.NewTraceId();
        var attributes = string.Join(',', Enumerable.Range(0, 200).Select(i => $"\"k{i:D3}\":\"v\""));
        var truncatedBefore = TraceFlow.Gateway.Diagnostics.GatewayMetrics.AttributesTruncated.Value;
        using var response = await client.PostSpansAsync(
            $"{{\"spans\":[{{\"trace_id\":\"{id}\",\"span_id\":\"s\",\"service\":\"svc\",\"operation\":\"op\",\"start_unix_ms\":1710000000000,\"duration_ms\":1,\"attributes\":{{{attributes}}}}}]}}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var kept = (await client.WaitForTraceAsync(id)).GetProperty("spans")[0].GetProperty("attributes");

        Assert.Equal(128, kept.EnumerateObject().Count());
        Assert.Equal("v", kept.GetProperty("k127").GetString());
        Assert.False(kept.TryGetProperty("k128", out _));
        Assert.True(TraceFlow.Gateway.Diagnostics.GatewayMetrics.AttributesTruncated.Value - truncatedBefore >= 72);
    }

    [Fact]
    public async Task PostSpans_Attributes_AreKeptAsStringsAndLongValuesTruncated()
    {
        var id = GatewayClient.NewTraceId();
        var longValue = new string('x', 10_000);
        using var response = await client.PostSpansAsync($$$"""
            {"spans":[{"trace_id":"{{{id}}}","span_id":"s","service":"svc","operation":"op","start_unix_ms":1710000000000.5,"duration_ms":0.25,
              "attributes":{"http.method":"GET","http.status_code":200,"cache.hit":true,"blob":"{{{longValue}}}"},"unknown_field":{"ignored":[1,2]}}]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var span = (await client.WaitForTraceAsync(id)).GetProperty("spans")[0];

        var attributes = span.GetProperty("attributes");
        Assert.Equal("GET", attributes.GetProperty("http.method").GetString());
        Assert.Equal("200", attributes.GetProperty("http.status_code").GetString());
        Assert.Equal("true", attributes.GetProperty("cache.hit").GetString());
        Assert.Equal(4096, attributes.GetProperty("blob").GetString()!.Length);
        Assert.Equal(1710000000000.5, span.GetProperty("start_unix_ms").GetDouble());
        Assert.Equal(0.25, span.GetProperty("duration_ms").GetDouble());
    }

    [Fact]
    public async Task PostSpans_EventsAndStatusMessage_RoundTripThroughGetTrace()
    {
        var id = GatewayClient.NewTraceId();
        using var response = await client.PostSpansAsync($$"""
            {"spans":[{"trace_id":"{{id}}","span_id":"pay","service":"payment","operation":"payment.charge","start_unix_ms":1710000000000,"duration_ms":40,
              "status":"error","status_message":"card declined: timeout talking to the bank",
              "events":[
                {"name":"exception","attributes":{"exception.type":"System.TimeoutException","exception.escaped":true,"retry":2},"time_unix_ms":1710000000030.5},
                {"name":"retry.started","time_unix_ms":1710000000010,"unknown_field":[1,2]},
                {"name":"no.attributes","time_unix_ms":1710000000020,"attributes":null}
              ]}]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, (await GatewayClient.ReadJsonAsync(response)).GetProperty("accepted").GetInt32());

        var span = Assert.Single((await client.WaitForTraceAsync(id)).GetProperty("spans").EnumerateArray());

        Assert.Equal("error", span.GetProperty("status").GetString());
        Assert.Equal("card declined: timeout talking to the bank", span.GetProperty("status_message").GetString());
        var events = span.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["retry.started", "no.attributes", "exception"], events.Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(1710000000010, events[0].GetProperty("time_unix_ms").GetDouble());
        Assert.Empty(events[0].GetProperty("attributes").EnumerateObject());
        Assert.Empty(events[1].GetProperty("attributes").EnumerateObject());
        var exception = events[2];
        Assert.Equal(1710000000030.5, exception.GetProperty("time_unix_ms").GetDouble());
        var attributes = exception.GetProperty("attributes");
        Assert.Equal(3, attributes.EnumerateObject().Count());
        Assert.Equal("System.TimeoutException", attributes.GetProperty("exception.type").GetString());
        Assert.Equal("true", attributes.GetProperty("exception.escaped").GetString());
        Assert.Equal("2", attributes.GetProperty("retry").GetString());
    }

    [Fact]
    public async Task PostSpans_EventsBeyondTheCount_AreDroppedAndCounted()
    {
        var id = GatewayClient.NewTraceId();
        var events = string.Join(',', Enumerable.Range(0, 130).Select(i => $"{{\"name\":\"e{i:D3}\",\"time_unix_ms\":{1710000000000 + i}}}"));
        var truncated = TraceFlow.Gateway.Diagnostics.GatewayMetrics.EventsTruncated.WithLabels("traceflow_json");
        var truncatedBefore = truncated.Value;
        using var response = await client.PostSpansAsync(
            $"{{\"spans\":[{{\"trace_id\":\"{id}\",\"span_id\":\"s\",\"service\":\"svc\",\"operation\":\"op\",\"start_unix_ms\":1710000000000,\"duration_ms\":200,\"events\":[{events}]}}]}}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, (await GatewayClient.ReadJsonAsync(response)).GetProperty("accepted").GetInt32());

        var kept = (await client.WaitForTraceAsync(id)).GetProperty("spans")[0].GetProperty("events");

        Assert.Equal(128, kept.GetArrayLength());
        Assert.Equal("e000", kept[0].GetProperty("name").GetString());
        Assert.Equal("e127", kept[127].GetProperty("name").GetString());
        Assert.True(truncated.Value - truncatedBefore >= 2);
    }

    [Fact]
    public async Task PostSpans_EventAttributesAndStatusMessage_AreCappedAndCutLikeSpanAttributes()
    {
        var id = GatewayClient.NewTraceId();
        var attributes = string.Join(',', Enumerable.Range(0, 130).Select(i => $"\"k{i:D3}\":\"v\""));
        var longValue = new string('x', 10_000);
        var truncatedBefore = TraceFlow.Gateway.Diagnostics.GatewayMetrics.AttributesTruncated.Value;
        using var response = await client.PostSpansAsync($$$"""
            {"spans":[{"trace_id":"{{{id}}}","span_id":"s","service":"svc","operation":"op","start_unix_ms":1710000000000,"duration_ms":1,
              "status":"error","status_message":"{{{longValue}}}",
              "events":[{"name":"many","time_unix_ms":1710000000000,"attributes":{{{{attributes}}}}},
                        {"name":"long","time_unix_ms":1710000000001,"attributes":{"exception.stacktrace":"{{{longValue}}}"}}]}]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var span = (await client.WaitForTraceAsync(id)).GetProperty("spans")[0];

        Assert.Equal(4096, span.GetProperty("status_message").GetString()!.Length);
        var events = span.GetProperty("events");
        Assert.Equal(128, events[0].GetProperty("attributes").EnumerateObject().Count());
        Assert.False(events[0].GetProperty("attributes").TryGetProperty("k128", out _));
        Assert.Equal(4096, events[1].GetProperty("attributes").GetProperty("exception.stacktrace").GetString()!.Length);
        Assert.True(TraceFlow.Gateway.Diagnostics.GatewayMetrics.AttributesTruncated.Value - truncatedBefore >= 4);
    }
}
