using System.Buffers.Binary;
using TraceFlow.LoadGen.Encoding;

namespace TraceFlow.LoadGen.Generation;

/// <summary>A 16-byte W3C trace id as two big-endian halves.</summary>
internal readonly record struct TraceId(ulong High, ulong Low)
{
    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    /// <summary>32 lowercase hex characters.</summary>
    public void WriteHex(Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[16];
        WriteBytes(bytes);
        Convert.TryToHexStringLower(bytes, destination, out _);
    }

    /// <summary>How many bytes an id takes in a body of <paramref name="format"/>.</summary>
    public static int EncodedLength(TraceIdFormat format) => format == TraceIdFormat.Bytes ? 16 : 32;

    /// <summary>Writes the id as a request body carries it: 32 hex characters or 16 bytes.</summary>
    public void Write(TraceIdFormat format, Span<byte> destination)
    {
        if (format == TraceIdFormat.Bytes)
        {
            WriteBytes(destination);
            return;
        }

        Span<byte> bytes = stackalloc byte[16];
        WriteBytes(bytes);
        Convert.TryToHexStringLower(bytes, destination, out _);
    }

    public override string ToString()
    {
        Span<char> hex = stackalloc char[32];
        WriteHex(hex);
        return new string(hex);
    }
}
