using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Rpc;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.Gateway.Tests.Infrastructure;
using static TraceFlow.Gateway.Tests.Infrastructure.OtlpRequests;
using RpcStatus = Google.Rpc.Status;

namespace TraceFlow.Gateway.Tests.Ingest.Otlp;

/// <summary>OTLP/HTTP <c>POST /v1/traces</c>: both encodings, partial success, and each bad input with the status the OTLP specification gives it.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OtlpHttpEndpointsTests(GatewayFactory factory)
{
    private const string Protobuf = "application/x-protobuf";
    private const string Json = "application/json";

    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task PostTraces_TheSpecificationJsonExample_IsAcceptedWithAnEmptyResponseAndReadBack()
    {
        using var response = await PostAsync(Encoding.UTF8.GetBytes(OtlpJsonExamples.SpecificationExample), Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync(GatewayClient.Cancel));
        var trace = await client.WaitForTraceAsync("5b8efff798038103d269b633813fc60c");
        Assert.Equal("my.service", trace.GetProperty("root_service").GetString());
        var span = Assert.Single(trace.GetProperty("spans").EnumerateArray());
        Assert.Equal("eee19b7ec3c1b174", span.GetProperty("span_id").GetString());
        Assert.Equal("eee19b7ec3c1b173", span.GetProperty("parent_span_id").GetString());
        Assert.Equal("I'm a server span", span.GetProperty("operation").GetString());
        Assert.Equal("server", span.GetProperty("kind").GetString());
        Assert.Equal(1544712660000, span.GetProperty("start_unix_ms").GetDouble());
        Assert.Equal(1000, span.GetProperty("duration_ms").GetDouble());
        Assert.Equal("some value", span.GetProperty("attributes").GetProperty("my.span.attr").GetString());
    }

    [Fact]
    public async Task PostTraces_ProtobufWithInvalidIdsAmongValidSpans_KeepsTheValidOnesAndReportsPartialSuccess()
    {
        var traceId = NewTraceId();
        var request = Request(
            "partial",
            Span(traceId[..30], NewSpanId()),
            Span(traceId, "0000000000000000"),
            Span("00000000000000000000000000000000", NewSpanId()),
            Span(traceId, NewSpanId(), name: "kept"));

        using var response = await PostAsync(request.ToByteArray(), Protobuf);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Protobuf, response.Content.Headers.ContentType?.MediaType);
        var partial = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(GatewayClient.Cancel)).PartialSuccess;
        Assert.Equal(3, partial.RejectedSpans);
        Assert.Contains("3 spans of 4 rejected", partial.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("resource_spans[0].scope_spans[0].spans[0].trace_id must be 16 bytes (32 hex digits in OTLP JSON), got 15", partial.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("spans[1].span_id must not be all zeros", partial.ErrorMessage, StringComparison.Ordinal);
        var trace = await client.WaitForTraceAsync(traceId);
        Assert.Equal("kept", Assert.Single(trace.GetProperty("spans").EnumerateArray()).GetProperty("operation").GetString());
        var metrics = await client.Http.GetStringAsync("/metrics", GatewayClient.Cancel);
        Assert.Contains("traceflow_ingest_spans_rejected_total{protocol=\"otlp_http_protobuf\",reason=\"invalid\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostTraces_JsonWithIdsThatAreNotHexAmongValidSpans_KeepsTheValidOnes()
    {
        var traceId = NewTraceId();
        var json = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-partial"}}]},
             "scopeSpans":[{"spans":[
               {"traceId":"{{{traceId.ToUpperInvariant()}}}","spanId":"not-hex-at-all!!","name":"bad","startTimeUnixNano":"1","endTimeUnixNano":"2"},
               {"traceId":"{{{traceId.ToUpperInvariant()}}}","spanId":"{{{NewSpanId()}}}","name":"good","startTimeUnixNano":1710000000000000000,"endTimeUnixNano":"1710000000001000000"}
             ]}]}]}
            """;

        using var response = await PostAsync(Encoding.UTF8.GetBytes(json), Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await GatewayClient.ReadJsonAsync(response);
        var partial = body.GetProperty("partialSuccess");
        Assert.Equal("1", partial.GetProperty("rejectedSpans").GetString());
        Assert.Contains("spans[0].span_id must be hexadecimal", partial.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        var trace = await client.WaitForTraceAsync(traceId);
        Assert.Equal("good", Assert.Single(trace.GetProperty("spans").EnumerateArray()).GetProperty("operation").GetString());
    }

    [Fact]
    public async Task PostTraces_ResourceWithoutServiceName_IsStoredAsUnknownServiceWithAWarning()
    {
        var traceId = NewTraceId();

        using var response = await PostAsync(Request(null, Span(traceId, NewSpanId())).ToByteArray(), Protobuf);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(GatewayClient.Cancel)).PartialSuccess;
        Assert.Equal(0, partial.RejectedSpans);
        Assert.Contains("without a service.name attribute stored under service \"unknown_service\"", partial.ErrorMessage, StringComparison.Ordinal);
        var trace = await client.WaitForTraceAsync(traceId);
        Assert.Equal("unknown_service", trace.GetProperty("root_service").GetString());
    }

    [Fact]
    public async Task PostTraces_HugeAttributeValue_IsCutToTheValueLimitWithAWarning()
    {
        var traceId = NewTraceId();
        var span = Span(traceId, NewSpanId());
        span.Attributes.Add(Attribute("payload", new string('p', 10_000)));
        span.Attributes.Add(Attribute("small", "s"));

        using var response = await PostAsync(Request("huge", span).ToByteArray(), Protobuf);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(GatewayClient.Cancel)).PartialSuccess;
        Assert.Equal(0, partial.RejectedSpans);
        Assert.Contains("1 attribute values, status messages or trace states were cut to 4096 characters", partial.ErrorMessage, StringComparison.Ordinal);
        var stored = Assert.Single((await client.WaitForTraceAsync(traceId)).GetProperty("spans").EnumerateArray());
        Assert.Equal(new string('p', IngestOptions.DefaultMaxAttributeValueLength), stored.GetProperty("attributes").GetProperty("payload").GetString());
        Assert.Equal("s", stored.GetProperty("attributes").GetProperty("small").GetString());
    }

    [Fact]
    public async Task PostTraces_EndBeforeStartAmongValidSpans_RejectsThatSpan()
    {
        var traceId = NewTraceId();
        var backwards = Span(traceId, NewSpanId(), name: "backwards");
        backwards.EndTimeUnixNano = backwards.StartTimeUnixNano - 1;

        using var response = await PostAsync(Request("times", backwards, Span(traceId, NewSpanId(), name: "forwards")).ToByteArray(), Protobuf);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(GatewayClient.Cancel)).PartialSuccess;
        Assert.Equal(1, partial.RejectedSpans);
        Assert.Contains("spans[0].end_time_unix_nano must not be before start_time_unix_nano", partial.ErrorMessage, StringComparison.Ordinal);
        var trace = await client.WaitForTraceAsync(traceId);
        Assert.Equal("forwards", Assert.Single(trace.GetProperty("spans").EnumerateArray()).GetProperty("operation").GetString());
    }

    [Fact]
    public async Task PostTraces_EverySpanInvalid_Gets400WithBadRequestDetails()
    {
        var backwards = Span(NewTraceId(), NewSpanId());
        backwards.EndTimeUnixNano = 0;

        using var response = await PostAsync(Request("invalid", backwards, Span(NewTraceId(), "00")).ToByteArray(), Protobuf);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = await ReadStatusAsync(response);
        Assert.Equal((int)Code.InvalidArgument, status.Code);
        Assert.StartsWith("2 spans of 2 rejected", status.Message, StringComparison.Ordinal);
        var violations = Assert.Single(status.Details).Unpack<BadRequest>().FieldViolations;
        Assert.Equal(
            ["resource_spans[0].scope_spans[0].spans[0].end_time_unix_nano", "resource_spans[0].scope_spans[0].spans[1].span_id"],
            violations.Select(v => v.Field));
    }

    [Fact]
    public async Task PostTraces_MalformedProtobuf_Gets400WithAProtobufStatus()
    {
        // Field 1 (resource_spans) announces 200 bytes and delivers two.
        using var response = await PostAsync([0x0A, 0xC8, 0x01, 0x0A, 0x00], Protobuf);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Protobuf, response.Content.Headers.ContentType?.MediaType);
        var status = await ReadStatusAsync(response);
        Assert.Contains("not a valid protobuf ExportTraceServiceRequest", status.Message, StringComparison.Ordinal);
        Assert.Equal("body", Assert.Single(status.Details).Unpack<BadRequest>().FieldViolations.Single().Field);
    }

    [Fact]
    public async Task PostTraces_MalformedJson_Gets400WithAJsonStatus()
    {
        using var response = await PostAsync(Encoding.UTF8.GetBytes("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"x",}]}]}"""), Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
        var status = await GatewayClient.ReadJsonAsync(response);
        Assert.Equal(3, status.GetProperty("code").GetInt32());
        Assert.Contains("not a valid OTLP JSON ExportTraceServiceRequest", status.GetProperty("message").GetString(), StringComparison.Ordinal);
        var detail = Assert.Single(status.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", detail.GetProperty("@type").GetString());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task PostTraces_TruncatedCompressedBody_Gets400(string encoding)
    {
        var compressed = Compress(Request("cut", Span(NewTraceId(), NewSpanId())).ToByteArray(), encoding);

        using var response = await PostAsync(compressed[..^6], Protobuf, encoding);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = await ReadStatusAsync(response);
        Assert.Contains($"truncated or damaged {encoding} data", status.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task PostTraces_CompressedBody_IsAccepted(string encoding)
    {
        var traceId = NewTraceId();

        using var response = await PostAsync(Compress(Request("compressed", Span(traceId, NewSpanId())).ToByteArray(), encoding), Protobuf, encoding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(GatewayClient.Cancel));
        await client.WaitForTraceAsync(traceId);
    }

    [Fact]
    public async Task PostTraces_GzipThatExpandsPastTheLimit_Gets413()
    {
        var bomb = Compress(new byte[64 * 1024 * 1024], "gzip");
        Assert.True(bomb.Length < GatewayFactory.MaxRequestBytes);

        using var response = await PostAsync(bomb, Protobuf, "gzip");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var status = await ReadStatusAsync(response);
        Assert.Equal((int)Code.ResourceExhausted, status.Code);
        Assert.Contains("after decompression", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestBodyReader_OnAGzipBomb_StopsLongBeforeTheEndOfTheCompressedBody()
    {
        var bomb = Compress(new byte[64 * 1024 * 1024], "gzip");
        using var compressed = new CountingStream(bomb);
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Body = compressed;
        context.Request.Headers.ContentEncoding = "gzip";

        using var body = await RequestBodyReader.ReadAsync(context.Request, GatewayFactory.MaxRequestBytes, GatewayClient.Cancel);

        Assert.Equal(RequestBodyStatus.TooLarge, body.Status);
        Assert.InRange(compressed.BytesRead, 1, bomb.Length / 4);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/grpc")]
    [InlineData(null)]
    public async Task PostTraces_OtherContentTypes_Get415WithAJsonStatus(string? contentType)
    {
        using var content = new ByteArrayContent(Request("x", Span(NewTraceId(), NewSpanId())).ToByteArray());
        if (contentType is not null)
        {
            content.Headers.ContentType = new(contentType);
        }

        using var response = await client.Http.PostAsync("/v1/traces", content, GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var status = await GatewayClient.ReadJsonAsync(response);
        Assert.Contains("send application/x-protobuf or application/json", status.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostTraces_UnknownContentEncoding_Gets415()
    {
        using var response = await PostAsync(Request("x", Span(NewTraceId(), NewSpanId())).ToByteArray(), Protobuf, "zstd");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Content-Encoding 'zstd' is not supported", (await ReadStatusAsync(response)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostTraces_MoreSpansThanARequestMayCarry_Gets413()
    {
        var spans = Enumerable.Range(0, 1001).Select(_ => Span(NewTraceId(), NewSpanId())).ToArray();

        using var response = await PostAsync(Request("many", spans).ToByteArray(), Protobuf);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 1000 are accepted per request", (await ReadStatusAsync(response)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Protobuf, "")]
    [InlineData(Json, "{}")]
    [InlineData(Json, """{"resourceSpans":[{"scopeSpans":[]}]}""")]
    public async Task PostTraces_EmptyRequest_IsAFullSuccess(string contentType, string body)
    {
        using var response = await PostAsync(Encoding.UTF8.GetBytes(body), contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType == Json ? "{}" : string.Empty, await response.Content.ReadAsStringAsync(GatewayClient.Cancel));
    }

    [Fact]
    public async Task PostTraces_JsonWithCharsetParameter_IsAccepted()
    {
        using var content = new StringContent("{}", Encoding.UTF8, Json);

        using var response = await client.Http.PostAsync("/v1/traces", content, GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(byte[] body, string contentType, string? encoding = null) =>
        client.Http.PostAsync("/v1/traces", GatewayClient.Bytes(body, contentType, encoding), GatewayClient.Cancel);

    private static async Task<RpcStatus> ReadStatusAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(GatewayClient.Cancel);
        if (response.Content.Headers.ContentType?.MediaType == Json)
        {
            var json = JsonDocument.Parse(bytes).RootElement;
            return new RpcStatus { Code = json.TryGetProperty("code", out var code) ? code.GetInt32() : 0, Message = json.GetProperty("message").GetString() };
        }

        return RpcStatus.Parser.ParseFrom(bytes);
    }

    private static byte[] Compress(byte[] data, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true),
            _ => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
        })
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A body that counts how much of it the reader took.</summary>
    private sealed class CountingStream(byte[] data) : Stream
    {
        private readonly MemoryStream inner = new(data);

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => BytesRead;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            BytesRead += read;
            return read;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
