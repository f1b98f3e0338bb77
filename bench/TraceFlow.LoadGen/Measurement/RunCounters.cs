namespace TraceFlow.LoadGen.Measurement;

/// <summary>Running totals, updated by every worker.</summary>
internal sealed class RunCounters
{
    private long requests;
    private long offered;
    private long accepted;
    private long rejected;
    private long shed;
    private long errors;

    public void Record(long offeredSpans, long acceptedSpans, long rejectedSpans, long shedSpans, bool error)
    {
        Interlocked.Increment(ref requests);
        Interlocked.Add(ref offered, offeredSpans);
        Interlocked.Add(ref accepted, acceptedSpans);
        Interlocked.Add(ref rejected, rejectedSpans);
        Interlocked.Add(ref shed, shedSpans);
        if (error)
        {
            Interlocked.Increment(ref errors);
        }
    }

    public CounterSnapshot Snapshot() => new(
        Interlocked.Read(ref requests),
        Interlocked.Read(ref offered),
        Interlocked.Read(ref accepted),
        Interlocked.Read(ref rejected),
        Interlocked.Read(ref shed),
        Interlocked.Read(ref errors));
}
