using TraceFlow.Grains.Sampling.Budgets;

namespace TraceFlow.Grains.Sampling.Policies;

/// <summary>
/// <c>rate_limiting</c>: keeps traces while the spans kept in the current second stay within
/// <c>spans_per_second</c>, and declines the rest (a trace that does not fit takes nothing).
/// The limit holds for the whole cluster: each silo keeps within its share of it (see
/// <see cref="RateBudget"/>). With TraceFlow's <c>spans_per_second_per_service</c>, traces are
/// also charged to their root service, and no root service takes more than that per second,
/// likewise cluster-wide.
/// </summary>
public sealed class RateLimitingPolicy : ITailSamplingPolicy
{
    private readonly RateBudget budget;
    private readonly bool perService;

    public RateLimitingPolicy(string name, RateBudget budget)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(budget);
        Name = name;
        this.budget = budget;
        perService = budget.Shape.PerPartitionLimit > 0;
    }

    public string Name { get; }

    public RateBudget Budget => budget;

    public PolicyDecision Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var service = perService ? RootService.Of(trace) : null; // unpacks spans only when charged per service
        return budget.TryTake(trace.SpanCount, service) ? PolicyDecision.Sampled : PolicyDecision.NotSampled;
    }
}
