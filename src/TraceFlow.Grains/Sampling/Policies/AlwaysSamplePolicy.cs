namespace TraceFlow.Grains.Sampling.Policies;

/// <summary><c>always_sample</c>: keeps every trace (the local profile's default).</summary>
public sealed class AlwaysSamplePolicy(string name = AlwaysSamplePolicy.DefaultName) : ITailSamplingPolicy
{
    public const string DefaultName = "always_sample";

    public string Name => name;

    public PolicyDecision Evaluate(SampledTrace trace) => PolicyDecision.Sampled;
}
