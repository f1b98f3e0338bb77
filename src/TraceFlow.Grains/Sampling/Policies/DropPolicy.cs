namespace TraceFlow.Grains.Sampling.Policies;

/// <summary>
/// <c>drop</c>: drops a trace when every <c>drop_sub_policy</c> matches it, whatever any other
/// policy says (e.g. health checks: <c>string_attribute</c> on <c>url.path</c>).
/// </summary>
public sealed class DropPolicy(string name, IReadOnlyList<ITailSamplingPolicy> subPolicies) : ITailSamplingPolicy
{
    public string Name => name;

    public PolicyDecision Evaluate(SampledTrace trace) =>
        subPolicies.All(p => AndPolicy.Keeps(p.Evaluate(trace))) ? PolicyDecision.Dropped : PolicyDecision.NotSampled;
}
