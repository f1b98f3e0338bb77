using System.Buffers;

namespace TraceFlow.Gateway.Ingest;

/// <summary>A growable byte buffer rented from the shared pool and returned on dispose.</summary>
internal sealed class PooledBuffer : IDisposable
{
    private byte[] array;

    public PooledBuffer(int initialCapacity) => array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => array.AsSpan(0, Length);

    /// <summary>Space to write at least <paramref name="sizeHint"/> more bytes into.</summary>
    public Memory<byte> GetFreeSpace(int sizeHint)
    {
        if (array.Length - Length < sizeHint)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(array.Length * 2, Length + sizeHint));
            array.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(array);
            array = larger;
        }

        return array.AsMemory(Length);
    }

    public void Advance(int count) => Length += count;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(array);
        array = [];
        Length = 0;
    }
}
