namespace TraceFlow.Grains.Traces.Packing;

/// <summary>Walks the span headers of a pack, skipping each span's body.</summary>
public ref struct SpanHeaderEnumerator
{
    private SpanPackReader reader;

    internal SpanHeaderEnumerator(ReadOnlySpan<byte> packed)
    {
        reader = new SpanPackReader(packed, Utf8StringCache.Shared);
    }

    public SpanHeader Current { get; private set; }

    public readonly SpanHeaderEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (!reader.HasMore)
        {
            return false;
        }

        Current = reader.ReadHeader();
        return true;
    }
}
