using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;
using TraceFlow.Gateway.Ingest.Zipkin.Protos;
using TraceFlow.Gateway.Tests.Infrastructure;
using ProtoSpan = TraceFlow.Gateway.Ingest.Zipkin.Protos.Span;

namespace TraceFlow.Gateway.Tests.Ingest.Zipkin;

/// <summary><c>POST /api/v2/spans</c> through the real gateway: what Zipkin clients send and what they get back.</summary>
[Collection(GatewayCollection.Name)]
public sealed partial class ZipkinIngestEndpointsTests(GatewayFactory factory)
{
    private readonly ZipkinClient client = new(factory);

    /// <summary>The span example of zipkin2-api.yaml (definitions.Span.example), as one JSON line.</summary>
    private const string ApiExample =
        """{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","parentId":"6b221d5bc9e6496c","name":"get /api","timestamp":1556604172355737,"duration":1431,"kind":"SERVER","localEndpoint":{"serviceName":"backend","ipv4":"192.168.99.1","port":3306},"remoteEndpoint":{"ipv4":"172.19.0.2","port":58648},"tags":{"http.method":"GET","http.path":"/api"}}""";

    [Fact]
    public async Task PostSpans_TheApiExampleSpan_Gets202WithNoBody_AndReadsBackUnchanged()
    {
        using var response = await client.PostJsonAsync($"[{ApiExample}]");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(ZipkinClient.Cancel));
        var trace = await client.WaitForTraceAsync("5af7183fb1d4cf5f");
        var span = Assert.Single(trace.GetProperty("spans").EnumerateArray());
        Assert.Equal("backend", span.GetProperty("service").GetString());
        Assert.Equal("get /api", span.GetProperty("operation").GetString());
        Assert.Equal("server", span.GetProperty("kind").GetString());
        Assert.Equal(1556604172355.737, span.GetProperty("start_unix_ms").GetDouble());
        Assert.Equal(1.431, span.GetProperty("duration_ms").GetDouble());

        var zipkin = await client.GetAsync("/api/v2/trace/5af7183fb1d4cf5f");
        Assert.Equal(HttpStatusCode.OK, zipkin.Status);

        // Zipkin's own field order: traceId, parentId, id, kind, name, timestamp, duration, endpoints, tags.
        Assert.Equal(
            """[{"traceId":"5af7183fb1d4cf5f","parentId":"6b221d5bc9e6496c","id":"352bff9a74ca9ad2","kind":"SERVER","name":"get /api","timestamp":1556604172355737,"duration":1431,"localEndpoint":{"serviceName":"backend","ipv4":"192.168.99.1","port":3306},"remoteEndpoint":{"ipv4":"172.19.0.2","port":58648},"tags":{"http.method":"GET","http.path":"/api"}}]""",
            zipkin.Body);
    }

    [Fact]
    public async Task PostSpans_ASharedServerSpan_IsKeptBesideItsClientSpan()
    {
        var traceId = ZipkinClient.NewTraceId128();
        var spanId = ZipkinClient.NewSpanId();
        var caller = $$$"""{"traceId":"{{{traceId}}}","id":"{{{spanId}}}","kind":"CLIENT","name":"get /api","timestamp":1700000000000000,"duration":900,"localEndpoint":{"serviceName":"frontend"}}""";
        var server = $$$"""{"traceId":"{{{traceId}}}","id":"{{{spanId}}}","kind":"SERVER","shared":true,"name":"get /api","timestamp":1700000000000100,"duration":700,"localEndpoint":{"serviceName":"backend"}}""";

        using var response = await client.PostJsonAsync($"[{caller},{server}]");
        using var retried = await client.PostJsonAsync($"[{server}]");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var trace = await client.WaitForTraceAsync(traceId, minSpans: 2);
        Assert.Equal(["backend", "frontend"], trace.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("service").GetString()).Order());
        var zipkin = await client.GetAsync($"/api/v2/trace/{traceId}");
        Assert.Contains("\"shared\":true", zipkin.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostSpans_Proto3ListOfSpans_IsStoredWithEveryField()
    {
        var traceId = ZipkinClient.NewTraceId128();
        var (rootId, childId) = (ZipkinClient.NewSpanId(), ZipkinClient.NewSpanId());
        var root = new ProtoSpan
        {
            TraceId = ZipkinProtoSpanDecoderTests.Bytes(traceId),
            Id = ZipkinProtoSpanDecoderTests.Bytes(rootId),
            Kind = ProtoSpan.Types.Kind.Server,
            Name = "post /orders",
            Timestamp = 1_700_000_000_000_000,
            Duration = 2_500,
            LocalEndpoint = new Endpoint { ServiceName = "orders", Ipv4 = ByteString.CopyFrom(10, 1, 2, 3), Port = 8080 },
            Debug = true,
        };
        root.Tags.Add("http.method", "POST");
        var child = new ProtoSpan
        {
            TraceId = root.TraceId,
            ParentId = root.Id,
            Id = ZipkinProtoSpanDecoderTests.Bytes(childId),
            Kind = ProtoSpan.Types.Kind.Producer,
            Name = "send",
            Timestamp = 1_700_000_000_000_100,
            Duration = 300,
            LocalEndpoint = new Endpoint { ServiceName = "orders" },
            RemoteEndpoint = new Endpoint { ServiceName = "kafka", Port = 9092 },
        };
        child.Annotations.Add(new Annotation { Timestamp = 1_700_000_000_000_150, Value = "queued" });
        var list = new ListOfSpans();
        list.Spans.Add([root, child]);

        using var response = await client.PostAsync(GatewayClient.Bytes(list.ToByteArray(), "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await client.WaitForTraceAsync(traceId, minSpans: 2);
        var spans = (await client.GetJsonAsync($"/api/v2/trace/{traceId}")).EnumerateArray().ToList();
        Assert.Equal(
            $$"""{"traceId":"{{traceId}}","id":"{{rootId}}","kind":"SERVER","name":"post /orders","timestamp":1700000000000000,"duration":2500,"localEndpoint":{"serviceName":"orders","ipv4":"10.1.2.3","port":8080},"tags":{"http.method":"POST"},"debug":true}""",
            spans[0].GetRawText());
        Assert.Equal(
            $$"""{"traceId":"{{traceId}}","parentId":"{{rootId}}","id":"{{childId}}","kind":"PRODUCER","name":"send","timestamp":1700000000000100,"duration":300,"localEndpoint":{"serviceName":"orders"},"remoteEndpoint":{"serviceName":"kafka","port":9092},"annotations":[{"timestamp":1700000000000150,"value":"queued"}]}""",
            spans[1].GetRawText());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/x-protobuf")]
    public async Task PostSpans_GzipBody_IsAccepted(string contentType)
    {
        var traceId = ZipkinClient.NewTraceId64();
        byte[] body;
        if (contentType == "application/json")
        {
            body = Encoding.UTF8.GetBytes($$$"""[{"traceId":"{{{traceId}}}","id":"{{{ZipkinClient.NewSpanId()}}}","name":"gz","timestamp":1700000000000000,"localEndpoint":{"serviceName":"gzip"}}]""");
        }
        else
        {
            var list = new ListOfSpans();
            list.Spans.Add(new ProtoSpan { TraceId = ZipkinProtoSpanDecoderTests.Bytes(traceId), Id = ZipkinProtoSpanDecoderTests.Bytes(ZipkinClient.NewSpanId()), Name = "gz", Timestamp = 1_700_000_000_000_000 });
            body = list.ToByteArray();
        }

        using var response = await client.PostAsync(GatewayClient.Bytes(Gzip(body), contentType, "gzip"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var trace = await client.WaitForTraceAsync(traceId);
        Assert.Equal("gz", trace.GetProperty("root_operation").GetString());
    }

    [Fact]
    public async Task PostSpans_WithoutAContentType_IsReadAsJson()
    {
        var traceId = ZipkinClient.NewTraceId64();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""[{"traceId":"{{traceId}}","id":"{{ZipkinClient.NewSpanId()}}","timestamp":1700000000000000}]"""));

        using var response = await client.PostAsync(content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await client.WaitForTraceAsync(traceId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData(" [ ] ")]
    public async Task PostSpans_AnEmptyBodyOrList_Gets202(string body)
    {
        using var response = await client.PostJsonAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(ZipkinClient.Cancel));
    }

    [Theory]
    [InlineData("{", "Expected a JSON_V2 encoded list")]
    [InlineData("{}", "Expected a JSON_V2 encoded list")]
    [InlineData("[{\"traceId\":\"5af7183fb1d4cf5f\"", "not valid JSON")]
    [InlineData("not json", "not valid JSON")]
    public async Task PostSpans_MalformedJson_Gets400WithAPlainTextMessage(string body, string message)
    {
        using var response = await client.PostJsonAsync(body);

        await AssertPlainTextAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task PostSpans_MalformedProtobuf_Gets400WithAPlainTextMessage()
    {
        using var response = await client.PostAsync(GatewayClient.Bytes([0x0a, 0x05, 0x01], "application/x-protobuf"));

        await AssertPlainTextAsync(response, HttpStatusCode.BadRequest, "Expected a PROTO3 encoded list of spans");
    }

    [Fact]
    public async Task PostSpans_TruncatedGzip_Gets400()
    {
        var whole = Gzip(Encoding.UTF8.GetBytes($"[{ApiExample},{ApiExample}]"));

        using var response = await client.PostAsync(GatewayClient.Bytes(whole[..(whole.Length / 2)], "application/json", "gzip"));

        await AssertPlainTextAsync(response, HttpStatusCode.BadRequest, "truncated or damaged gzip data");
    }

    [Fact]
    public async Task PostSpans_UnknownContentEncoding_Gets415()
    {
        using var response = await client.PostAsync(GatewayClient.Bytes("[]"u8.ToArray(), "application/json", "zstd"));

        await AssertPlainTextAsync(response, HttpStatusCode.UnsupportedMediaType, "'zstd'");
    }

    [Fact]
    public async Task PostSpans_BodyOverTheLimit_Gets413()
    {
        using var response = await client.PostAsync(GatewayClient.Bytes(new byte[GatewayFactory.MaxRequestBytes + 1], "application/json"));

        await AssertPlainTextAsync(response, HttpStatusCode.RequestEntityTooLarge, "exceeds the limit");
    }

    [Fact]
    public async Task PostSpans_InvalidIdsAmongValidSpans_KeepsTheValidOnes_AndCountsTheRest()
    {
        var traceId = ZipkinClient.NewTraceId128();
        var (good1, good2) = (ZipkinClient.NewSpanId(), ZipkinClient.NewSpanId());
        var before = await RejectedInvalidAsync();

        using var response = await client.PostJsonAsync($$$"""
            [{"traceId":"{{{traceId}}}","id":"{{{good1}}}","name":"first","timestamp":1700000000000000,"localEndpoint":{"serviceName":"mixed"}},
             {"traceId":"trace-1","id":"{{{ZipkinClient.NewSpanId()}}}","timestamp":1700000000000000},
             {"traceId":"{{{traceId}}}","id":"short","timestamp":1700000000000000},
             {"traceId":"{{{traceId}}}","id":"{{{ZipkinClient.NewSpanId()}}}","parentId":"not-hex-at-all!","timestamp":1700000000000000},
             {"traceId":"{{{traceId}}}","id":"{{{good2}}}","parentId":"{{{good1}}}","name":"second","timestamp":1700000000000001,"localEndpoint":{"serviceName":"mixed"}}]
            """);

        // Zipkin has no partial success: the valid spans are kept and the answer is a plain 202.
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var trace = await client.WaitForTraceAsync(traceId, minSpans: 2);
        Assert.Equal([good1, good2], trace.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("span_id").GetString()));
        Assert.Equal(2, trace.GetProperty("span_count").GetInt32());
        Assert.Equal(before + 3, await RejectedInvalidAsync());
    }

    [Fact]
    public async Task PostSpans_EverySpanInvalid_Gets400NamingTheFirstProblem()
    {
        using var response = await client.PostJsonAsync("""[{"traceId":"xyz","id":"352bff9a74ca9ad2","timestamp":1},{"id":"352bff9a74ca9ad2"}]""");

        await AssertPlainTextAsync(response, HttpStatusCode.BadRequest, "Every span in the request was invalid (2); the first, at index 0: traceId must be 16 or 32 hex characters");
    }

    [Fact]
    public async Task PostSpans_WithoutServiceNameOrName_IsStoredAsUnknown()
    {
        var traceId = ZipkinClient.NewTraceId64();

        using var response = await client.PostJsonAsync($$"""[{"traceId":"{{traceId}}","id":"{{ZipkinClient.NewSpanId()}}","timestamp":1700000000000000,"duration":5}]""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var trace = await client.WaitForTraceAsync(traceId);
        Assert.Equal("unknown_service", trace.GetProperty("root_service").GetString());
        Assert.Equal("unknown", trace.GetProperty("root_operation").GetString());
        Assert.Equal("internal", trace.GetProperty("spans")[0].GetProperty("kind").GetString());
        var zipkin = await client.GetJsonAsync($"/api/v2/trace/{traceId}");
        Assert.Equal("unknown_service", zipkin[0].GetProperty("localEndpoint").GetProperty("serviceName").GetString());
        Assert.False(zipkin[0].TryGetProperty("kind", out _));
    }

    [Fact]
    public async Task PostSpans_ErrorTag_MakesAnErrorSpan_ThatTheTraceFlowApiShows()
    {
        var traceId = ZipkinClient.NewTraceId64();

        using var response = await client.PostJsonAsync($$"""
            [{"traceId":"{{traceId}}","id":"{{ZipkinClient.NewSpanId()}}","name":"charge","timestamp":1700000000000000,"duration":10,
              "localEndpoint":{"serviceName":"payment"},"tags":{"error":"card declined"},"annotations":[{"timestamp":1700000000000005,"value":"retry"}]}]
            """);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var trace = await client.WaitForTraceAsync(traceId);
        Assert.True(trace.GetProperty("has_error").GetBoolean());
        var span = trace.GetProperty("spans")[0];
        Assert.Equal("error", span.GetProperty("status").GetString());
        Assert.Equal("card declined", span.GetProperty("status_message").GetString());
        Assert.Equal("card declined", span.GetProperty("attributes").GetProperty("error").GetString());
        Assert.Equal("retry", span.GetProperty("events")[0].GetProperty("name").GetString());
        Assert.Equal(1700000000000.005, span.GetProperty("events")[0].GetProperty("time_unix_ms").GetDouble());
        var tags = (await client.GetJsonAsync($"/api/v2/trace/{traceId}"))[0].GetProperty("tags");
        Assert.Equal("card declined", tags.GetProperty("error").GetString());
        Assert.Equal("ERROR", tags.GetProperty("otel.status_code").GetString());
    }

    [Fact]
    public async Task PostSpans_Rejections_AreCountedUnderTheZipkinProtocol()
    {
        var before = await RejectedInvalidAsync();

        using var response = await client.PostJsonAsync($$"""[{"traceId":"{{ZipkinClient.NewTraceId64()}}","id":"{{ZipkinClient.NewSpanId()}}","timestamp":1},{"traceId":"bad"}]""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(before + 1, await RejectedInvalidAsync());
        var metrics = await client.Http.GetStringAsync("/metrics", ZipkinClient.Cancel);
        Assert.Contains("traceflow_ingest_spans_accepted_total{protocol=\"zipkin\"}", metrics, StringComparison.Ordinal);
    }

    private async Task<double> RejectedInvalidAsync()
    {
        var metrics = await client.Http.GetStringAsync("/metrics", ZipkinClient.Cancel);
        var match = RejectedInvalidLine().Match(metrics);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex("""^traceflow_ingest_spans_rejected_total\{protocol="zipkin",reason="invalid"\} (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex RejectedInvalidLine();

    private static async Task AssertPlainTextAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(ZipkinClient.Cancel), StringComparison.Ordinal);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
