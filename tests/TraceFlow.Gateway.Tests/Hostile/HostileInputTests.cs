using System.Net;
using System.Text;
using System.Text.Json;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Hostile;

/// <summary>
/// Hostile bodies and query strings sent to the running gateway (RELIABILITY.md §3): each gets
/// its documented status and a message naming the problem, and valid spans beside bad ones are stored.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class HostileInputTests(GatewayFactory factory)
{
    private const long StartMs = 1_710_000_000_000;
    private readonly GatewayClient client = new(factory);

    [Theory]
    [InlineData("/api/spans", "{\"spans\":", "}", "depth")]
    [InlineData("/api/spans", "{\"unknown\":", "}", "depth")]
    [InlineData("/v1/traces", "{\"resourceSpans\":", "}", "resourceSpans")]
    [InlineData("/v1/traces", "{\"unknown\":", "}", "depth")]
    [InlineData("/api/v2/spans", "", "", "depth")]
    [InlineData("/api/v2/spans", "[{\"unknown\":", "}]", "depth")]
    public async Task DeeplyNestedJson_Gets400NamingTheDepthOrField(string path, string prefix, string suffix, string named)
    {
        var json = prefix + new string('[', 100_000) + new string(']', 100_000) + suffix;

        using var response = await client.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), GatewayClient.Cancel);

        var message = await response.Content.ReadAsStringAsync(GatewayClient.Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {message}");
        Assert.Contains(named, message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/api/spans", "{\"spans\":[{\"trace_id\":\"", "\"}]}")]
    [InlineData("/v1/traces", "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"", "\"}]}}]}")]
    [InlineData("/api/v2/spans", "[{\"traceId\":\"", "\"}]")]
    public async Task InvalidUtf8InAString_Gets400SayingSo(string path, string prefix, string suffix)
    {
        byte[] body = [.. Encoding.UTF8.GetBytes(prefix), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(suffix)];

        using var response = await client.Http.PostAsync(path, GatewayClient.Bytes(body, "application/json"), GatewayClient.Cancel);

        var message = await response.Content.ReadAsStringAsync(GatewayClient.Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {message}");
        Assert.Contains("UTF-8", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeeplyNestedAttributeValue_RejectsItsSpanOnly_NamingTheAttribute()
    {
        var id = GatewayClient.NewTraceId();
        var nested = new string('[', 50) + new string(']', 50);
        var json = $$$"""{"spans":[{{{OwnSpan(id, "good")}}},{"trace_id":"{{{id}}}","span_id":"bad","service":"s","operation":"o","start_unix_ms":{{{StartMs}}},"duration_ms":1,"attributes":{"deep":{{{nested}}}}}]}""";

        using var response = await client.PostSpansAsync(json);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await GatewayClient.ReadJsonAsync(response);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal("attributes.deep", body.GetProperty("errors")[0].GetProperty("field").GetString());
        await client.WaitForTraceAsync(id);
    }

    [Theory]
    [InlineData("5af7183fb1d4cf5f", "00000000000000000000000000000000", "spans[1].trace_id")]
    [InlineData("5af7183fb1d4cf5f", "5af7183fb1d4cf5f5af7183fb1d4cf5", "spans[1].trace_id")]
    [InlineData("5af7183fb1d4cf5f", "5af7183fb1d4cf5f5af7183fb1d4cf5f5", "spans[1].trace_id")]
    [InlineData("5af7183fb1d4cf5f", "zzf7183fb1d4cf5f5af7183fb1d4cf5f", "spans[1].trace_id")]
    [InlineData("0000000000000000", null, "spans[1].span_id")]
    [InlineData("5af7183fb1d4cf5", null, "spans[1].span_id")]
    [InlineData("5af7183fb1d4cf5fa", null, "spans[1].span_id")]
    [InlineData("5af7183fb1d4cfzz", null, "spans[1].span_id")]
    public async Task OtlpJson_BadIds_RejectThatSpanOnly_NamingTheField(string spanId, string? traceId, string field)
    {
        var good = OtlpRequests.NewTraceId();
        var json = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"hostile"}}]},
             "scopeSpans":[{"spans":[
               {"traceId":"{{{good}}}","spanId":"{{{OtlpRequests.NewSpanId()}}}","name":"ok","startTimeUnixNano":"1710000000000000000","endTimeUnixNano":"1710000000001000000"},
               {"traceId":"{{{traceId ?? good}}}","spanId":"{{{spanId}}}","name":"bad","startTimeUnixNano":"1710000000000000000","endTimeUnixNano":"1710000000001000000"}]}]}]}
            """;

        using var response = await client.Http.PostAsync("/v1/traces", new StringContent(json, Encoding.UTF8, "application/json"), GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = (await GatewayClient.ReadJsonAsync(response)).GetProperty("partialSuccess");
        Assert.Equal("1", partial.GetProperty("rejectedSpans").ToString());
        Assert.Contains(field, partial.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        await client.WaitForTraceAsync(good);
    }

    [Theory]
    [InlineData("00000000000000000000000000000000", "5af7183fb1d4cf5f", "traceId")]
    [InlineData("5af7183fb1d4cf5", "5af7183fb1d4cf5f", "traceId")]
    [InlineData("5af7183fb1d4cf5f5af7183fb1d4cf5f5", "5af7183fb1d4cf5f", "traceId")]
    [InlineData("zzf7183fb1d4cf5f", "5af7183fb1d4cf5f", "traceId")]
    [InlineData("5af7183fb1d4cf5f", "0000000000000000", "id")]
    [InlineData("5af7183fb1d4cf5f", "5af7183fb1d4cf5", "id")]
    [InlineData("5af7183fb1d4cf5f", "zzf7183fb1d4cf5f", "id")]
    public async Task Zipkin_BadIds_RejectThatSpanOnly_NamingTheField(string traceId, string spanId, string field) =>
        await ZipkinBadSpanAsync($$$"""
            "traceId":"{{{traceId}}}","id":"{{{spanId}}}","timestamp":1710000000000000,"duration":10
            """, field);

    [Theory]
    [InlineData("\"startTimeUnixNano\":\"1710000000001000000\",\"endTimeUnixNano\":\"1710000000000000000\"", "end_time_unix_nano")]
    [InlineData("\"startTimeUnixNano\":\"18446744073709551615\",\"endTimeUnixNano\":\"18446744073709551615\"", "start_time_unix_nano")]
    public async Task OtlpJson_NegativeOrAbsurdTimes_RejectThatSpanOnly_NamingTheField(string times, string field)
    {
        var good = OtlpRequests.NewTraceId();
        var json = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"hostile"}}]},
             "scopeSpans":[{"spans":[
               {"traceId":"{{{good}}}","spanId":"{{{OtlpRequests.NewSpanId()}}}","name":"ok","startTimeUnixNano":"1710000000000000000","endTimeUnixNano":"1710000000001000000"},
               {"traceId":"{{{good}}}","spanId":"{{{OtlpRequests.NewSpanId()}}}","name":"bad",{{{times}}}}]}]}]}
            """;

        using var response = await client.Http.PostAsync("/v1/traces", new StringContent(json, Encoding.UTF8, "application/json"), GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = (await GatewayClient.ReadJsonAsync(response)).GetProperty("partialSuccess");
        Assert.Equal("1", partial.GetProperty("rejectedSpans").ToString());
        Assert.Contains(field, partial.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        var trace = await client.WaitForTraceAsync(good);
        Assert.Equal(1, trace.GetProperty("span_count").GetInt32());
    }

    [Theory]
    [InlineData("\"timestamp\":1710000000000000,\"duration\":-5", "duration")]
    [InlineData("\"timestamp\":-1,\"duration\":5", "timestamp")]
    [InlineData("\"timestamp\":1e300,\"duration\":5", "timestamp")]
    public async Task Zipkin_NegativeOrAbsurdTimes_RejectThatSpanOnly_NamingTheField(string times, string field) =>
        await ZipkinBadSpanAsync($$$"""
            "traceId":"{{{ZipkinClient.NewTraceId128()}}}","id":"{{{ZipkinClient.NewSpanId()}}}",{{{times}}}
            """, field);

    [Fact]
    public async Task DuplicateSpanIds_InOneBatchAndInARetry_AreStoredOnce()
    {
        var id = GatewayClient.NewTraceId();
        var batch = $"{{\"spans\":[{OwnSpan(id, "a")},{OwnSpan(id, "a")},{OwnSpan(id, "b")}]}}";

        using (var first = await client.PostSpansAsync(batch))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        using (var retry = await client.PostSpansAsync(batch))
        {
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        }

        var trace = await client.WaitForTraceAsync(id, minSpans: 2);
        Assert.Equal(2, trace.GetProperty("span_count").GetInt32());
        Assert.Equal(["a", "b"], trace.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("span_id").GetString()).Order());
    }

    [Fact]
    public async Task ParentCycles_AreStoredAndEveryQueryApiAnswers()
    {
        var id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        string Span(string spanId, string parent) =>
            $$$"""{"trace_id":"{{{id}}}","span_id":"{{{spanId}}}","parent_span_id":"{{{parent}}}","service":"cycle","operation":"o","start_unix_ms":{{{StartMs}}},"duration_ms":1}""";

        // a → b → a, and c its own parent.
        using (var response = await client.PostSpansAsync($"{{\"spans\":[{Span("000000000000000a", "000000000000000b")},{Span("000000000000000b", "000000000000000a")},{Span("000000000000000c", "000000000000000c")}]}}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var trace = await client.WaitForTraceAsync(id, minSpans: 3);
        Assert.Equal(3, trace.GetProperty("span_count").GetInt32());
        foreach (var path in new[] { $"/api/v2/trace/{id}", $"/jaeger/api/traces/{id}", $"/jaeger/api/v3/traces/{id}", $"/api/traces?service=cycle" })
        {
            using var response = await client.Http.GetAsync(path, GatewayClient.Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("own")]
    [InlineData("otlp")]
    [InlineData("zipkin")]
    public async Task HugeAttributeValue_IsCutToTheLimit_AndTheSpanKept(string protocol)
    {
        var value = new string('x', 200_000);
        var traceId = OtlpRequests.NewTraceId();
        var spanId = OtlpRequests.NewSpanId();
        var (path, json) = protocol switch
        {
            "own" => ("/api/spans", $$$"""{"spans":[{"trace_id":"{{{traceId}}}","span_id":"{{{spanId}}}","service":"huge","operation":"o","start_unix_ms":{{{StartMs}}},"duration_ms":1,"attributes":{"big":"{{{value}}}"}}]}"""),
            "otlp" => ("/v1/traces", $$$"""{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"huge"}}]},"scopeSpans":[{"spans":[{"traceId":"{{{traceId}}}","spanId":"{{{spanId}}}","name":"o","startTimeUnixNano":"1710000000000000000","endTimeUnixNano":"1710000000001000000","attributes":[{"key":"big","value":{"stringValue":"{{{value}}}"}}]}]}]}]}"""),
            _ => ("/api/v2/spans", $$$"""[{"traceId":"{{{traceId}}}","id":"{{{spanId}}}","name":"o","timestamp":1710000000000000,"duration":10,"localEndpoint":{"serviceName":"huge"},"tags":{"big":"{{{value}}}"}}]"""),
        };

        using var response = await client.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), GatewayClient.Cancel);

        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}");
        var trace = await client.WaitForTraceAsync(traceId);
        var stored = trace.GetProperty("spans")[0].GetProperty("attributes").GetProperty("big").GetString();
        Assert.Equal(4096, stored!.Length);
    }

    [Fact]
    public async Task ControlCharactersAndHtml_InEveryStringField_AreStoredVerbatimAndServedAsJson()
    {
        const string Hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>\u0000\u0007\u001b[31m\u200f\u202e\r\n";
        var id = GatewayClient.NewTraceId();
        var text = JsonSerializer.Serialize(Hostile);
        var json = $$$"""
            {"spans":[{"trace_id":"{{{id}}}","span_id":"s","service":{{{text}}},"operation":{{{text}}},"start_unix_ms":{{{StartMs}}},"duration_ms":1,
              "status":"error","status_message":{{{text}}},"attributes":{{{{text}}}:{{{text}}}},
              "events":[{"name":{{{text}}},"time_unix_ms":{{{StartMs}}},"attributes":{{{{text}}}:{{{text}}}}}]}]}
            """;

        using (var response = await client.PostSpansAsync(json))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var span = (await client.WaitForTraceAsync(id)).GetProperty("spans")[0];
        Assert.Equal(Hostile, span.GetProperty("service").GetString());
        Assert.Equal(Hostile, span.GetProperty("operation").GetString());
        Assert.Equal(Hostile, span.GetProperty("status_message").GetString());
        Assert.Equal(Hostile, span.GetProperty("attributes").GetProperty(Hostile).GetString());
        Assert.Equal(Hostile, span.GetProperty("events")[0].GetProperty("name").GetString());
        Assert.Equal(Hostile, span.GetProperty("events")[0].GetProperty("attributes").GetProperty(Hostile).GetString());

        using var raw = await client.Http.GetAsync($"/api/traces/{id}", GatewayClient.Cancel);
        Assert.Equal("application/json", raw.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", raw.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("script-src 'self'", raw.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/traces?service=")]
    [InlineData("/api/v2/traces?serviceName=")]
    [InlineData("/jaeger/api/traces?service=")]
    [InlineData("/jaeger/api/v3/traces?query.service_name=")]
    public async Task SqlShapedQueryParameters_MatchNothing(string pathAndName)
    {
        foreach (var injection in new[] { "' OR 1=1 --", "x'; DROP TABLE spans; --", "\" OR \"\"=\"", "1) UNION SELECT * FROM system.tables --" })
        {
            using var response = await client.Http.GetAsync(pathAndName + Uri.EscapeDataString(injection), GatewayClient.Cancel);
            var body = await response.Content.ReadAsStringAsync(GatewayClient.Cancel);

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{pathAndName}{injection}: {response.StatusCode} {body}");
            Assert.DoesNotContain("\"trace_id\"", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/api/traces?limit=1000000000", "limit")]
    [InlineData("/api/traces?limit=-1", "limit")]
    [InlineData("/api/traces?limit=1e9", "limit")]
    [InlineData("/api/v2/traces?limit=-1", "limit")]
    [InlineData("/api/v2/traces?limit=1e9", "limit")]
    [InlineData("/jaeger/api/traces?limit=-1", "limit")]
    [InlineData("/jaeger/api/traces?limit=1e9", "limit")]
    [InlineData("/jaeger/api/v3/traces?query.num_traces=-1", "num_traces")]
    [InlineData("/api/sampling/preview?limit=1000000000", "limit")]
    public async Task UnusableLimit_Gets400NamingIt(string path, string parameter)
    {
        using var response = path.StartsWith("/api/sampling", StringComparison.Ordinal)
            ? await client.Http.PostAsync(path, new StringContent("{\"keep_all\":true}", Encoding.UTF8, "application/json"), GatewayClient.Cancel)
            : await client.Http.GetAsync(path, GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(parameter, await response.Content.ReadAsStringAsync(GatewayClient.Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedLimit_WhereTheApiCapsIt_AnswersAtMostTheCap()
    {
        using var response = await client.Http.GetAsync("/api/v2/traces?limit=1000000000", GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange((await GatewayClient.ReadJsonAsync(response)).GetArrayLength(), 0, 1000);
    }

    /// <summary>
    /// Zipkin answers 202 with no body for a batch it partly used (its wire contract), so the bad
    /// span is shown to be refused beside a good one, and named when it comes alone (400).
    /// </summary>
    private async Task ZipkinBadSpanAsync(string badFields, string field)
    {
        var good = ZipkinClient.NewTraceId128();
        var bad = $$$"""{{{{badFields}}},"name":"bad","localEndpoint":{"serviceName":"hostile"}}""";
        var json = $$$"""[{"traceId":"{{{good}}}","id":"{{{ZipkinClient.NewSpanId()}}}","name":"ok","timestamp":1710000000000000,"duration":10,"localEndpoint":{"serviceName":"hostile"}},{{{bad}}}]""";

        using (var mixed = await client.Http.PostAsync("/api/v2/spans", new StringContent(json, Encoding.UTF8, "application/json"), GatewayClient.Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, mixed.StatusCode);
        }

        using var alone = await client.Http.PostAsync("/api/v2/spans", new StringContent($"[{bad}]", Encoding.UTF8, "application/json"), GatewayClient.Cancel);
        var message = await alone.Content.ReadAsStringAsync(GatewayClient.Cancel);
        Assert.True(alone.StatusCode == HttpStatusCode.BadRequest, $"{alone.StatusCode}: {message}");
        Assert.Contains(field, message, StringComparison.Ordinal);
        var trace = await client.WaitForTraceAsync(ZipkinClient.StoredId(good));
        Assert.Equal(1, trace.GetProperty("span_count").GetInt32());
    }

    private static string OwnSpan(string traceId, string spanId) =>
        $$$"""{"trace_id":"{{{traceId}}}","span_id":"{{{spanId}}}","service":"hostile","operation":"o","start_unix_ms":{{{StartMs}}},"duration_ms":1}""";
}
