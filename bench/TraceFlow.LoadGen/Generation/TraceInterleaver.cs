namespace TraceFlow.LoadGen.Generation;

/// <summary>
/// Fills requests the way an SDK's batch exporter does: up to <c>interleave</c> traces are open
/// at once, their spans end interleaved (a few at a time from a random open trace, children before
/// the root), and a trace still open when a request is full continues in the next request.
/// Not thread-safe: one per worker.
/// </summary>
internal sealed class TraceInterleaver(TraceGenerator generator, int interleave, Random random, Action<TraceRecord> started)
{
    private const int MaxChunk = 3;

    private readonly List<(GeneratedTrace Trace, int Next)> open = [];

    public int OpenTraces => open.Count;

    /// <summary>Fills <paramref name="batch"/> with up to <paramref name="maxSpans"/> spans; <paramref name="startNew"/> false drains the open traces.</summary>
    public void Fill(RequestBatch batch, int maxSpans, bool startNew)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Clear();
        while (batch.SpanCount < maxSpans)
        {
            while (startNew && open.Count < interleave)
            {
                var trace = generator.Next();
                started(trace.Record);
                open.Add((trace, 0));
            }

            if (open.Count == 0)
            {
                return;
            }

            var pick = random.Next(open.Count);
            var (current, next) = open[pick];
            var remaining = current.Spans.Length - next;
            var take = Math.Min(Math.Min(1 + random.Next(MaxChunk), remaining), maxSpans - batch.SpanCount);
            batch.Add(new BatchEntry(current, next, take));
            if (take == remaining)
            {
                open[pick] = open[^1];
                open.RemoveAt(open.Count - 1);
            }
            else
            {
                open[pick] = (current, next + take);
            }
        }
    }
}
