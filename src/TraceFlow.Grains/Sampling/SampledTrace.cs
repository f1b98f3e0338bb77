using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Sampling;

/// <summary>The read-only view of a complete trace that sampling policies see.</summary>
public sealed class SampledTrace
{
    public SampledTrace(string traceId, IReadOnlyCollection<Span> spans)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        ArgumentNullException.ThrowIfNull(spans);
        TraceId = traceId;
        Spans = spans;
        if (spans.Count == 0)
        {
            return;
        }

        long start = long.MaxValue, end = long.MinValue;
        foreach (var span in spans)
        {
            start = Math.Min(start, span.StartUnixNanos);
            end = Math.Max(end, span.EndUnixNanos);
            HasError |= span.IsError;
        }

        StartUnixNanos = start;
        DurationNanos = end - start;
    }

    public string TraceId { get; }

    public IReadOnlyCollection<Span> Spans { get; }

    public long StartUnixNanos { get; }

    /// <summary>From the earliest span start to the latest span end.</summary>
    public long DurationNanos { get; }

    public bool HasError { get; }
}
