namespace TraceFlow.Grains.Replay;

/// <summary>
/// The silo's live traces holding spans that no gateway's <see cref="ReplayBuffer"/> holds too
/// (sent with replay off, or straight to the grains): what a crash of this silo really loses,
/// and so what it reports for <see cref="Cluster.SiloLossTracker"/> to count.
/// </summary>
public sealed class UnreplayableTraces
{
    private long traces;
    private long spans;

    public long Traces => Interlocked.Read(ref traces);

    public long Spans => Interlocked.Read(ref spans);

    /// <summary>Counts unreplayable spans a trace took (positive) or let go at its decision (negative), and the trace when it first or last holds any.</summary>
    public void Count(long traceDelta, long spanDelta)
    {
        Interlocked.Add(ref traces, traceDelta);
        Interlocked.Add(ref spans, spanDelta);
    }
}
