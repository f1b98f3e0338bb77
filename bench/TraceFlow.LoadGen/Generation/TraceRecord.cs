namespace TraceFlow.LoadGen.Generation;

/// <summary>A sent trace, kept for the zero-loss check: its id, size and what was accepted.</summary>
internal sealed class TraceRecord(TraceId id, int spanCount, bool hasError, bool isSlow)
{
    private int acceptedSpans;

    public TraceId Id { get; } = id;

    public int SpanCount { get; } = spanCount;

    public bool HasError { get; } = hasError;

    public bool IsSlow { get; } = isSlow;

    /// <summary>Spans of this trace in requests the collector answered 2xx.</summary>
    public int AcceptedSpans => Volatile.Read(ref acceptedSpans);

    public void Accept(int spans) => Interlocked.Add(ref acceptedSpans, spans);
}
