using TraceFlow.Grains.Sampling.Budgets;

namespace TraceFlow.Grains.Sampling.Policies;

/// <summary>
/// <c>composite</c>, as the Collector evaluates it: sub-policies in order; the first one that
/// samples the trace decides, keeping it if its allocation still has room for the trace's
/// spans this second and declining it otherwise (later sub-policies are not asked). A
/// sub-policy's allocation is its <c>rate_allocation</c> percent of
/// <c>max_total_spans_per_second</c>; one without an allocation (or with 0 %) gets the total
/// divided by the number of sub-policies.
/// </summary>
/// <remarks>
/// The budget is cluster-wide, shared among silos the way <c>rate_limiting</c>'s is (one
/// partition per sub-policy). Unlike the Collector, which caps each sub-policy only, the
/// composite also never keeps more than <c>max_total_spans_per_second</c> in all: that matters
/// only when default shares push the allocations past 100 %.
/// </remarks>
public sealed class CompositePolicy : ITailSamplingPolicy
{
    private readonly ITailSamplingPolicy[] subPolicies;
    private readonly RateBudget budget;

    /// <param name="subPolicies">In evaluation order; each one's allocation is <paramref name="budget"/>'s partition of its name.</param>
    public CompositePolicy(string name, IReadOnlyList<ITailSamplingPolicy> subPolicies, RateBudget budget)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(subPolicies);
        ArgumentNullException.ThrowIfNull(budget);
        Name = name;
        this.subPolicies = [.. subPolicies];
        this.budget = budget;
    }

    public string Name { get; }

    public IReadOnlyList<ITailSamplingPolicy> SubPolicies => subPolicies;

    public RateBudget Budget => budget;

    public PolicyDecision Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        foreach (var sub in subPolicies)
        {
            if (AndPolicy.Keeps(sub.Evaluate(trace)))
            {
                return budget.TryTake(trace.SpanCount, sub.Name) ? PolicyDecision.Sampled : PolicyDecision.NotSampled;
            }
        }

        return PolicyDecision.NotSampled;
    }

    /// <summary>
    /// Spans per second for each sub-policy, computed as the Collector computes them, in
    /// floating point and then truncated (so 29 % of 100 is 28, as there).
    /// </summary>
    public static Dictionary<string, long> Allocate(long maxTotalSpansPerSecond, IReadOnlyList<string> subPolicies, IReadOnlyDictionary<string, long> percents)
    {
        ArgumentNullException.ThrowIfNull(subPolicies);
        ArgumentNullException.ThrowIfNull(percents);
        var max = (double)maxTotalSpansPerSecond;
        var byDefault = (long)(max / subPolicies.Count);
        return subPolicies.ToDictionary(
            name => name,
            name => percents.TryGetValue(name, out var percent) && percent > 0 ? (long)((double)percent / 100 * max) : byDefault,
            StringComparer.Ordinal);
    }
}
