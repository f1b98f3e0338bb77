namespace TraceFlow.Grains.Sampling.Policies;

/// <summary><c>never_sample</c>: keeps nothing by itself (other policies may still keep the trace).</summary>
public sealed class NeverSamplePolicy(string name) : ITailSamplingPolicy
{
    public string Name => name;

    public PolicyDecision Evaluate(SampledTrace trace) => PolicyDecision.NotSampled;
}
