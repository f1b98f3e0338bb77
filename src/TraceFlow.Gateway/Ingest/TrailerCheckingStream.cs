using System.Buffers.Binary;

namespace TraceFlow.Gateway.Ingest;

/// <summary>
/// Passes a compressed body through and keeps its last eight bytes, so that once it is
/// decompressed the gzip or zlib trailer can be checked: .NET's decompressors end quietly
/// on a truncated stream, and a cut body must not be taken for a shorter valid one.
/// </summary>
internal sealed class TrailerCheckingStream(Stream inner) : Stream
{
    private const uint AdlerModulus = 65521;

    // Largest run of bytes whose Adler-32 sums cannot overflow 32 bits before the modulus is taken.
    private const int AdlerBlock = 5552;

    private readonly byte[] tail = new byte[8];
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
    /// True when the gzip trailer's size (ISIZE, the length modulo 2³²) matches, or when the
    /// body was empty (nothing to decompress, nothing cut). A body of several gzip members,
    /// which HTTP clients do not send, fails this check.
    /// </summary>
    public bool EndsAsGzipOf(long decompressedLength) =>
        (total == 0 && decompressedLength == 0)
        || (total >= 18 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(4)) == (uint)decompressedLength);

    /// <summary>True when the zlib trailer's Adler-32 matches the decompressed bytes.</summary>
    public bool EndsAsZlibOf(ReadOnlySpan<byte> decompressed) =>
        total >= 6 && BinaryPrimitives.ReadUInt32BigEndian(tail.AsSpan(4)) == Adler32(decompressed);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Keep(buffer[..inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Keep(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Keep(ReadOnlySpan<byte> read)
    {
        if (read.Length >= tail.Length)
        {
            read[^tail.Length..].CopyTo(tail);
        }
        else if (read.Length > 0)
        {
            tail.AsSpan(read.Length).CopyTo(tail);
            read.CopyTo(tail.AsSpan(tail.Length - read.Length));
        }

        total += read.Length;
        return read.Length;
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            var block = data[..Math.Min(data.Length, AdlerBlock)];
            foreach (var value in block)
            {
                a += value;
                b += a;
            }

            a %= AdlerModulus;
            b %= AdlerModulus;
            data = data[block.Length..];
        }

        return (b << 16) | a;
    }
}
