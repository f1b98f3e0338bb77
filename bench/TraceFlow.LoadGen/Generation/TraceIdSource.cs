namespace TraceFlow.LoadGen.Generation;

/// <summary>
/// Trace ids unique across a run without coordination: worker <c>w</c> of <c>n</c> numbers its
/// traces <c>k*n + w</c>, and a bijective mix (the SplitMix64 finalizer) of that number, salted
/// per run, makes the low half look random; the high half is a random per-run prefix. Span ids
/// are the same mix of the trace's low half plus the span's index, so they are unique in a trace.
/// </summary>
internal sealed class TraceIdSource
{
    private readonly ulong prefix;
    private readonly ulong salt;
    private readonly int worker;
    private readonly int workers;
    private ulong next;

    public TraceIdSource(ulong prefix, ulong salt, int worker, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(worker);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        this.prefix = prefix == 0 ? 1 : prefix;
        this.salt = salt;
        this.worker = worker;
        this.workers = workers;
    }

    public TraceId Next()
    {
        var sequence = (next++ * (ulong)workers) + (ulong)worker;
        return new TraceId(prefix, Mix(sequence ^ salt));
    }

    public static ulong SpanId(TraceId trace, int index)
    {
        var id = Mix(trace.Low + (ulong)index + 1);
        return id == 0 ? 1 : id;
    }

    /// <summary>The SplitMix64 finalizer: a bijection on 64-bit values.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        return z ^ (z >> 31);
    }
}
