using System.Text;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// A stable hash of a trace id mapped onto [0, 1). It must give the same value in every
/// process, silo and release (so <see cref="string.GetHashCode()"/> is out): 64-bit FNV-1a
/// over the UTF-8 bytes of the salt and the id.
/// </summary>
public static class TraceIdHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static double UnitInterval(string traceId, string salt)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        ArgumentNullException.ThrowIfNull(salt);
        var hash = Mix(Mix(OffsetBasis, salt), traceId);

        // Top 53 bits give an exactly representable double in [0, 1).
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(text, buffer)]
            : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
