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

    /// <summary>Credits every trace in the batch with its spans, all but <paramref name="rejected"/> of them.</summary>
    public void MarkAccepted(long rejected)
    {
        if (rejected > 0)
        {
            // Partial success does not say which spans were refused; credit none rather than guess.
            return;
        }

        foreach (var entry in Entries)
        {
            entry.Trace.Record.Accept(entry.Count);
        }
    }
}
