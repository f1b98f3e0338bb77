using TraceFlow.Grains.Traces.Packing;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// The spans a live trace grain holds: the packs as they arrived, plus the identities of the
/// spans in them so a retried span is recognised. A handful of byte arrays per trace, not an
/// object graph per span.
/// </summary>
internal sealed class LiveSpanBuffer
{
    /// <summary>Up to this many spans a linear scan beats hashing.</summary>
    private const int LinearScanLimit = 32;

    private readonly List<byte[]> packs = [];
    private ulong[] identities = new ulong[16];
    private HashSet<ulong>? identitySet;

    public int Count { get; private set; }

    public long StartUnixNanos { get; private set; } = long.MaxValue;

    public long EndUnixNanos { get; private set; } = long.MinValue;

    public bool HasError { get; private set; }

    public bool Contains(ulong identity)
    {
        if (identitySet is not null)
        {
            return identitySet.Contains(identity);
        }

        return identities.AsSpan(0, Count).Contains(identity);
    }

    /// <summary>Records a span's identity and shape; its bytes arrive with <see cref="AddPack"/>.</summary>
    public void Add(in SpanHeader header)
    {
        StartUnixNanos = Math.Min(StartUnixNanos, header.StartUnixNanos);
        EndUnixNanos = Math.Max(EndUnixNanos, header.StartUnixNanos + header.DurationNanos);
        HasError |= header.IsError;
        var identity = header.Identity;
        if (identitySet is not null)
        {
            identitySet.Add(identity);
        }
        else if (Count == LinearScanLimit)
        {
            identitySet = [.. identities.AsSpan(0, Count), identity];
            identities = [];
        }
        else
        {
            if (Count == identities.Length)
            {
                Array.Resize(ref identities, Math.Max(16, identities.Length * 2));
            }

            identities[Count] = identity;
        }

        Count++;
    }

    public void AddPack(byte[] pack) => packs.Add(pack);

    public List<Span> Unpack(string traceId)
    {
        var spans = new List<Span>(Count);
        foreach (var pack in packs)
        {
            SpanPack.Unpack(pack, traceId, spans);
        }

        return spans;
    }

    public void Clear()
    {
        packs.Clear();
        packs.Capacity = 0;
        identities = [];
        identitySet = null;
        Count = 0;
        StartUnixNanos = long.MaxValue;
        EndUnixNanos = long.MinValue;
        HasError = false;
    }
}
