using System.Buffers.Binary;

namespace TraceFlow.Gateway.Ingest;

/// <summary>
/// Passes a gzip body through while remembering its last 8 bytes, the gzip trailer. .NET's
/// GZipStream ends quietly when the body is cut short; the trailer's ISIZE (the uncompressed
/// length mod 2³²) tells a complete body from a truncated one, whose last bytes are compressed data.
/// </summary>
internal sealed class GzipTrailerStream(Stream inner) : Stream
{
    private const int TrailerLength = 8;

    private readonly byte[] tail = new byte[TrailerLength];
    private long total;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => total;
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// True when the body ended with a trailer whose ISIZE matches <paramref name="decompressedLength"/>,
    /// or was empty. A body of several gzip members has the last member's size there, so it fails
    /// this check too; HTTP clients send one member.
    /// </summary>
    public bool EndsWithTrailerFor(long decompressedLength) =>
        (total == 0 && decompressedLength == 0)
        || (total >= TrailerLength && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(4)) == (uint)decompressedLength);

    public override int Read(byte[] buffer, int offset, int count) => Remember(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Remember(buffer[..inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Remember(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Remember(ReadOnlySpan<byte> read)
    {
        if (read.Length >= TrailerLength)
        {
            read[^TrailerLength..].CopyTo(tail);
        }
        else if (read.Length > 0)
        {
            // Shift the kept bytes left and append the new ones.
            tail.AsSpan(read.Length).CopyTo(tail);
            read.CopyTo(tail.AsSpan(TrailerLength - read.Length));
        }

        total += read.Length;
        return read.Length;
    }
}
