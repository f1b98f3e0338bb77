namespace TraceFlow.Grains.Sampling.Policies;

/// <summary><c>span_count</c>: keeps a trace with at least <c>min_spans</c> and (when set, non-zero) at most <c>max_spans</c> spans.</summary>
public sealed class SpanCountPolicy(string name, int minSpans, int maxSpans = 0) : ITailSamplingPolicy
{
    public string Name => name;

    public PolicyDecision Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var keep = trace.SpanCount >= minSpans && (maxSpans == 0 || trace.SpanCount <= maxSpans);
        return keep ? PolicyDecision.Sampled : PolicyDecision.NotSampled;
    }
}
