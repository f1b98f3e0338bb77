using System.IO.Compression;
using System.Net;
using System.Text;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Ingest;

/// <summary>Size limits and encodings of POST /api/spans (RELIABILITY.md's hostile inputs 1–4 and 9).</summary>
[Collection(GatewayCollection.Name)]
public sealed class IngestLimitsTests(GatewayFactory factory)
{
    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task PostSpans_DeclaredLengthOverTheLimit_Gets413()
    {
        var body = new byte[GatewayFactory.MaxRequestBytes + 1];
        Array.Fill(body, (byte)' ');

        using var response = await client.Http.PostAsync("/api/spans", GatewayClient.Bytes(body, "application/json"), GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await GatewayClient.ReadJsonAsync(response);
        Assert.Contains("exceeds the limit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostSpans_ChunkedBodyOverTheLimitWithoutALength_Gets413()
    {
        using var stream = new EndlessStream(limit: GatewayFactory.MaxRequestBytes * 2L);
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new("application/json");

        using var response = await client.Http.PostAsync("/api/spans", content, GatewayClient.Cancel);

        Assert.Null(content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task RequestBodyReader_OnABodyThatNeverEnds_ReadsOnlyUpToTheLimit()
    {
        using var stream = new EndlessStream(limit: long.MaxValue);
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Body = stream;

        using var body = await TraceFlow.Gateway.Ingest.RequestBodyReader.ReadAsync(context.Request, 100_000, GatewayClient.Cancel);

        Assert.Equal(TraceFlow.Gateway.Ingest.RequestBodyStatus.TooLarge, body.Status);
        Assert.InRange(stream.BytesRead, 100_000, 100_000 + (128 * 1024));
    }

    [Fact]
    public async Task PostSpans_GzipBomb_IsCutOffAtTheLimitWith413()
    {
        // 64 MiB of spaces compress to about 64 KiB: well under the limit compressed, far over it expanded.
        var bomb = Gzip(new byte[64 * 1024 * 1024]);
        Assert.True(bomb.Length < GatewayFactory.MaxRequestBytes);

        using var response = await client.Http.PostAsync("/api/spans", GatewayClient.Bytes(bomb, "application/json", "gzip"), GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await GatewayClient.ReadJsonAsync(response);
        Assert.Contains("after decompression", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostSpans_GzipBody_IsAccepted()
    {
        var id = GatewayClient.NewTraceId();
        var json = $$"""{"spans":[{"trace_id":"{{id}}","span_id":"s","service":"gz","operation":"op","start_unix_ms":1710000000000,"duration_ms":1}]}""";

        using var response = await client.Http.PostAsync(
            "/api/spans", GatewayClient.Bytes(Gzip(Encoding.UTF8.GetBytes(json)), "application/json", "gzip"), GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await client.WaitForTraceAsync(id);
    }

    [Fact]
    public async Task PostSpans_BodyThatIsNotGzipDespiteTheHeader_Gets400()
    {
        using var response = await client.Http.PostAsync(
            "/api/spans", GatewayClient.Bytes("{\"spans\":[]}"u8.ToArray(), "application/json", "gzip"), GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await GatewayClient.ReadJsonAsync(response);
        Assert.Contains("not valid gzip", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostSpans_UnknownContentEncoding_Gets415()
    {
        using var response = await client.Http.PostAsync(
            "/api/spans", GatewayClient.Bytes("{}"u8.ToArray(), "application/json", "foo"), GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await GatewayClient.ReadJsonAsync(response);
        Assert.Contains("'foo'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostSpans_MoreSpansThanARequestMayCarry_Gets413()
    {
        var span = """{"trace_id":"t","span_id":"s","service":"a","operation":"o","start_unix_ms":1,"duration_ms":1}""";
        var json = $"{{\"spans\":[{string.Join(',', Enumerable.Repeat(span, 1001))}]}}";

        using var response = await client.PostSpansAsync(json);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await GatewayClient.ReadJsonAsync(response);
        Assert.Contains("at most 1000 spans", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostSpans_TraceOverItsSpanLimit_ReportsTheExtraSpansAsRejected()
    {
        var id = GatewayClient.NewTraceId();
        var spans = Enumerable.Range(0, 60).Select(i =>
            $$"""{"trace_id":"{{id}}","span_id":"s{{i}}","service":"big","operation":"o","start_unix_ms":1710000000000,"duration_ms":1}""");

        using var response = await client.PostSpansAsync($"{{\"spans\":[{string.Join(',', spans)}]}}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await GatewayClient.ReadJsonAsync(response);
        Assert.Equal(50, body.GetProperty("accepted").GetInt32());
        Assert.Equal(10, body.GetProperty("rejected").GetInt32());
        Assert.Contains("span limit", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A request body of spaces without a declared length, counting what was pulled from it.</summary>
    private sealed class EndlessStream(long limit) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            count = (int)Math.Min(count, limit - BytesRead);
            Array.Fill(buffer, (byte)' ', offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
