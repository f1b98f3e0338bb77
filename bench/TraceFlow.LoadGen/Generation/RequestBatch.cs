namespace TraceFlow.LoadGen.Generation;

/// <summary>The spans of one export request, reused from request to request by its worker.</summary>
internal sealed class RequestBatch
{
    public List<BatchEntry> Entries { get; } = [];

    public int SpanCount { get; private set; }

    public void Add(BatchEntry entry)
    {
        Entries.Add(entry);
        SpanCount += entry.Count;
    }

    public void Clear()
    {
        Entries.Clear();
        SpanCount = 0;
    }
}
