using System.IO.Compression;
using System.Net;
using System.Text;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Hostile;

/// <summary>
/// Compressed bodies built to expand: every supported encoding is cut off at the decompressed
/// limit (413) on every HTTP ingest path, and compression nested inside compression is decoded
/// once only, so it is bad data (400), never a second expansion.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class CompressionBombTests(GatewayFactory factory)
{
    /// <summary>64 MiB of zeros: a few dozen KiB compressed, 256 times the request limit expanded.</summary>
    private static readonly byte[] Expanded = new byte[64 * 1024 * 1024];

    private readonly GatewayClient client = new(factory);

    [Theory]
    [InlineData("gzip", "/api/spans")]
    [InlineData("deflate", "/api/spans")]
    [InlineData("br", "/api/spans")]
    [InlineData("gzip", "/api/v2/spans")]
    [InlineData("br", "/api/v2/spans")]
    [InlineData("gzip", "/v1/traces")]
    [InlineData("br", "/v1/traces")]
    public async Task ABomb_IsCutOffAtTheDecompressedLimit_With413(string encoding, string path)
    {
        var bomb = Compress(encoding, Expanded);
        Assert.True(bomb.Length < GatewayFactory.MaxRequestBytes, $"{encoding} bomb is {bomb.Length} bytes");

        using var response = await client.Http.PostAsync(path, GatewayClient.Bytes(bomb, "application/json", encoding), GatewayClient.Cancel);

        var message = await response.Content.ReadAsStringAsync(GatewayClient.Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{response.StatusCode}: {message}");
        Assert.Contains("after decompression", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/spans")]
    [InlineData("/api/v2/spans")]
    [InlineData("/v1/traces")]
    public async Task GzipInsideGzip_IsDecodedOnce_AndRefusedAsBadData(string path)
    {
        // The inner layer would be a bomb if it were expanded too.
        var nested = Compress("gzip", Compress("gzip", Expanded));

        using var response = await client.Http.PostAsync(path, GatewayClient.Bytes(nested, "application/json", "gzip"), GatewayClient.Cancel);

        var message = await response.Content.ReadAsStringAsync(GatewayClient.Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {message}");
    }

    [Fact]
    public async Task TwoEncodingsStacked_Get415()
    {
        var body = Compress("gzip", Compress("gzip", Encoding.UTF8.GetBytes("{\"spans\":[]}")));
        var content = GatewayClient.Bytes(body, "application/json", "gzip");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await client.Http.PostAsync("/api/spans", content, GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("is not supported", await response.Content.ReadAsStringAsync(GatewayClient.Cancel), StringComparison.Ordinal);
    }

    private static byte[] Compress(string encoding, byte[] data)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null),
        })
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}
