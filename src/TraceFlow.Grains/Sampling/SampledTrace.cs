using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Sampling;

/// <summary>
/// The read-only view of a complete trace that sampling policies see. Its shape (start,
/// duration, errors, span count) is always at hand; the spans themselves may be unpacked
/// only when a policy asks for them, so traces decided on their shape alone never are.
/// </summary>
public sealed class SampledTrace
{
    private readonly Func<IReadOnlyCollection<Span>>? unpack;
    private IReadOnlyCollection<Span>? spans;

    public SampledTrace(string traceId, IReadOnlyCollection<Span> spans)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        ArgumentNullException.ThrowIfNull(spans);
        TraceId = traceId;
        this.spans = spans;
        SpanCount = spans.Count;
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

    /// <param name="unpack">Produces the spans on first use of <see cref="Spans"/>.</param>
    public SampledTrace(string traceId, int spanCount, long startUnixNanos, long durationNanos, bool hasError, Func<IReadOnlyCollection<Span>> unpack)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        ArgumentNullException.ThrowIfNull(unpack);
        TraceId = traceId;
        SpanCount = spanCount;
        StartUnixNanos = startUnixNanos;
        DurationNanos = durationNanos;
        HasError = hasError;
        this.unpack = unpack;
    }

    public string TraceId { get; }

    public IReadOnlyCollection<Span> Spans => spans ??= unpack!();

    public int SpanCount { get; }

    public long StartUnixNanos { get; }

    /// <summary>From the earliest span start to the latest span end.</summary>
    public long DurationNanos { get; }

    public bool HasError { get; }
}
