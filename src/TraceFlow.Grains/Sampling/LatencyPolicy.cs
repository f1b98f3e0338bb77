namespace TraceFlow.Grains.Sampling;

/// <summary>Keeps a trace whose end-to-end duration reaches the threshold.</summary>
public sealed class LatencyPolicy(TimeSpan threshold) : ITailSamplingPolicy
{
    private readonly long thresholdNanos = checked(threshold.Ticks * NanosPerTick);

    private const long NanosPerTick = 100;

    public string Name => "latency";

    public PolicyVerdict Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return trace.DurationNanos >= thresholdNanos ? PolicyVerdict.Keep : PolicyVerdict.NoOpinion;
    }
}
