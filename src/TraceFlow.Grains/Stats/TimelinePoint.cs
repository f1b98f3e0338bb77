namespace TraceFlow.Grains.Stats;

/// <summary>One step of a timeline: traces, spans and errors counted in it, and its trace durations.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.TimelinePoint")]
public sealed record TimelinePoint(
    [property: Id(0)] long StartUnixNanos,
    [property: Id(1)] long TraceCount,
    [property: Id(2)] long SpanCount,
    [property: Id(3)] long ErrorSpanCount,
    [property: Id(4)] LatencySummary TraceDurations)
{
    /// <summary>A step in which nothing was counted.</summary>
    public static TimelinePoint Empty(long startUnixNanos) => new(startUnixNanos, 0, 0, 0, LatencySummary.Empty);
}
