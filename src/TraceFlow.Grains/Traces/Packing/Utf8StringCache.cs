using System.Text;

namespace TraceFlow.Grains.Traces.Packing;

/// <summary>
/// Turns short UTF-8 byte runs back into strings, reusing the string it made last time for
/// the same bytes. Service names, operations and attribute keys repeat on almost every span,
/// so unpacked spans share one copy of each instead of holding thousands. Direct-mapped and
/// lock-free: a slot simply remembers the last string that hashed to it, so memory is fixed
/// and a miss only costs the allocation that would have happened anyway.
/// </summary>
public sealed class Utf8StringCache
{
    /// <summary>Longer strings are rarely repeated (messages, urls with ids) and are not cached.</summary>
    public const int MaxCachedBytes = 64;

    private const int SlotCount = 1 << 14;
    private readonly Entry?[] slots = new Entry?[SlotCount];

    /// <summary>One cache for the process: the strings it holds are the same for every reader.</summary>
    public static Utf8StringCache Shared { get; } = new();

    public string GetString(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxCachedBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var slot = (int)(ByteHash.Hash(utf8) & (SlotCount - 1));
        var entry = Volatile.Read(ref slots[slot]);
        if (entry is not null && utf8.SequenceEqual(entry.Utf8))
        {
            return entry.Value;
        }

        var value = Encoding.UTF8.GetString(utf8);
        Volatile.Write(ref slots[slot], new Entry(utf8.ToArray(), value));
        return value;
    }

    private sealed record Entry(byte[] Utf8, string Value);
}
