namespace TraceFlow.Grains.Sampling.Policies;

/// <summary>
/// <c>latency</c>: keeps a trace whose duration (earliest start to latest end) is at least
/// <c>threshold_ms</c>, or, with an <c>upper_threshold_ms</c>, above the threshold and at most the
/// upper one. Whole milliseconds, as the Collector compares them.
/// </summary>
public sealed class LatencyPolicy(string name, long thresholdMs, long upperThresholdMs = 0) : ITailSamplingPolicy
{
    private const long NanosPerMilli = 1_000_000;

    public string Name => name;

    public PolicyDecision Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var ms = trace.DurationNanos / NanosPerMilli;
        var keep = upperThresholdMs == 0 ? ms >= thresholdMs : ms > thresholdMs && ms <= upperThresholdMs;
        return keep ? PolicyDecision.Sampled : PolicyDecision.NotSampled;
    }
}
