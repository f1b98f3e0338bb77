namespace TraceFlow.Grains.Sampling.Policies;

/// <summary><c>and</c>: keeps a trace only when every <c>and_sub_policy</c> would keep it.</summary>
public sealed class AndPolicy(string name, IReadOnlyList<ITailSamplingPolicy> subPolicies) : ITailSamplingPolicy
{
    public string Name => name;

    public IReadOnlyList<ITailSamplingPolicy> SubPolicies => subPolicies;

    public PolicyDecision Evaluate(SampledTrace trace) =>
        subPolicies.All(p => Keeps(p.Evaluate(trace))) ? PolicyDecision.Sampled : PolicyDecision.NotSampled;

    /// <summary>Within <c>and</c> and <c>drop</c>, an inverted decision counts as its plain meaning.</summary>
    internal static bool Keeps(PolicyDecision decision) => decision is PolicyDecision.Sampled or PolicyDecision.InvertSampled;
}
