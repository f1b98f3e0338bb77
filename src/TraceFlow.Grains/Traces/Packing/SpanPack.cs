namespace TraceFlow.Grains.Traces.Packing;

/// <summary>
/// The compact binary form of a trace's spans, used between the gateway and the trace grain
/// and while the grain buffers them. A pack is a run of span records, each an int32 length
/// and a body: a header (identity, service, operation, timing, status, kind) that can be
/// read without the rest, then the optional fields, attributes, resource, scope, events and
/// links. Strings are varint-length UTF-8; resources and scopes shared by several spans are
/// written once per pack and referred to by index afterwards. The trace id is not repeated:
/// it is the grain's key.
/// </summary>
public static class SpanPack
{
    internal const int SharedBit = 1;
    internal const int ParentBit = 2;
    internal const int StatusMessageBit = 4;
    internal const int TraceStateBit = 8;

    /// <summary>Distinct resources (and scopes) a pack refers back to; beyond it the last slot is reused.</summary>
    internal const int MaxSharedPerPack = 255;

    public static byte[] Pack(IEnumerable<Span> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        return SpanPackWriter.Pack(spans);
    }

    /// <summary>Appends the spans of <paramref name="packed"/> to <paramref name="into"/>.</summary>
    public static void Unpack(ReadOnlySpan<byte> packed, string traceId, ICollection<Span> into)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        ArgumentNullException.ThrowIfNull(into);
        var reader = new SpanPackReader(packed, Utf8StringCache.Shared);
        while (reader.HasMore)
        {
            into.Add(reader.ReadSpan(traceId));
        }
    }

    /// <summary>Adds a resource or scope to a pack's sharing table: writer and reader must keep identical tables.</summary>
    internal static void Remember<T>(List<T> table, T item)
    {
        if (table.Count < MaxSharedPerPack)
        {
            table.Add(item);
        }
        else
        {
            table[^1] = item;
        }
    }

    /// <summary>The headers of the spans in <paramref name="packed"/>, without decoding the rest.</summary>
    public static SpanHeaderEnumerator Headers(ReadOnlySpan<byte> packed) => new(packed);
}
