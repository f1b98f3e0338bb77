namespace TraceFlow.Grains.Sampling.Policies;

/// <summary>The service a trace is charged to: its root span's (the earliest, if several), else its earliest span's.</summary>
internal static class RootService
{
    public static string Of(SampledTrace trace)
    {
        Traces.Span? root = null, earliest = null;
        foreach (var span in trace.Spans)
        {
            if (string.IsNullOrEmpty(span.ParentSpanId) && (root is null || span.StartUnixNanos < root.StartUnixNanos))
            {
                root = span;
            }

            if (earliest is null || span.StartUnixNanos < earliest.StartUnixNanos)
            {
                earliest = span;
            }
        }

        return (root ?? earliest)?.Service ?? "";
    }
}
