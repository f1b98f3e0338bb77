using System.Buffers.Binary;
using System.Numerics;

namespace TraceFlow.Grains.Traces.Packing;

/// <summary>
/// A fast 64-bit hash of short byte strings (ids, names), eight bytes at a time with a
/// final avalanche. Stable within and across processes; not for untrusted hash tables.
/// </summary>
internal static class ByteHash
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    public static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = (ulong)bytes.Length * Multiplier;
        while (bytes.Length >= 8)
        {
            hash = Mix(hash, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[8..];
        }

        if (!bytes.IsEmpty)
        {
            ulong tail = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                tail |= (ulong)bytes[i] << (8 * i);
            }

            hash = Mix(hash, tail);
        }

        // Final avalanche (the murmur3 finaliser), so every input bit reaches the low bits.
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCD;
        hash ^= hash >> 33;
        hash *= 0xC4CEB9FE1A85EC53;
        return hash ^ (hash >> 33);
    }

    private static ulong Mix(ulong hash, ulong word) => BitOperations.RotateLeft(hash ^ (word * Multiplier), 31) * 5 + 0x52DCE729;
}
