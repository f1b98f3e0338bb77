namespace TraceFlow.Grains.Stats;

/// <summary>Mergeable counts of one slice of time: traces, spans, error spans and the trace-duration histogram.</summary>
public sealed class TimelineBucket
{
    private readonly LatencyHistogram traceDurations = new();

    public long TraceCount { get; private set; }

    public long SpanCount { get; private set; }

    public long ErrorSpanCount { get; private set; }

    /// <summary>Adds a delta's counts (its per-service detail is not needed here).</summary>
    public void Add(TraceStatistics delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        TraceCount += delta.TraceCount;
        SpanCount += delta.SpanCount;
        ErrorSpanCount += delta.ErrorSpanCount;
        traceDurations.Merge(delta.TraceDurations);
    }

    public void Merge(TimelineBucket other)
    {
        ArgumentNullException.ThrowIfNull(other);
        TraceCount += other.TraceCount;
        SpanCount += other.SpanCount;
        ErrorSpanCount += other.ErrorSpanCount;
        traceDurations.Merge(other.traceDurations);
    }

    public TimelinePoint ToPoint(long startUnixNanos) =>
        new(startUnixNanos, TraceCount, SpanCount, ErrorSpanCount, LatencySummary.From(traceDurations));
}
