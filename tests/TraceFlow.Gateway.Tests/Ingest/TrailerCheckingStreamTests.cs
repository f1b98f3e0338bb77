using System.IO.Compression;
using System.Text;
using TraceFlow.Gateway.Ingest;

namespace TraceFlow.Gateway.Tests.Ingest;

/// <summary>Telling a whole gzip body from one cut short, which GZipStream alone reads without complaint.</summary>
public sealed class TrailerCheckingStreamTests
{
    private static readonly byte[] Data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2_000).Select(i => $"span {i};")));

    private static (bool Complete, int Length) Decompress(byte[] body, int chunk)
    {
        using var trailer = new TrailerCheckingStream(new ChunkedStream(body, chunk));
        using var gzip = new GZipStream(trailer, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return (trailer.EndsAsGzipOf(output.Length), (int)output.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(4096)]
    public void EndsAsGzipOf_AWholeBody_IsTrue_HoweverItIsRead(int chunk)
    {
        var (complete, length) = Decompress(Gzip(Data), chunk);

        Assert.True(complete);
        Assert.Equal(Data.Length, length);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void EndsAsGzipOf_ATruncatedBody_IsFalse(double kept)
    {
        var whole = Gzip(Data);

        var (complete, length) = Decompress(whole[..(int)(whole.Length * kept)], 4096);

        Assert.False(complete);
        Assert.True(length < Data.Length);
    }

    [Fact]
    public void EndsAsGzipOf_AnEmptyBody_IsTrue() => Assert.True(Decompress([], 4096).Complete);

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, as a network stream may.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }
}
