using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary>
/// <c>composite</c>: <c>max_total_spans_per_second</c>, <c>policy_order</c>,
/// <c>composite_sub_policy</c> and <c>rate_allocation</c>, as the Collector spells them.
/// </summary>
public sealed class CompositeConfig
{
    [ConfigurationKeyName("max_total_spans_per_second")] public long MaxTotalSpansPerSecond { get; set; }

    [ConfigurationKeyName("policy_order")] public List<string> PolicyOrder { get; set; } = [];

    [ConfigurationKeyName("composite_sub_policy")] public List<PolicyConfig> SubPolicies { get; set; } = [];

    [ConfigurationKeyName("rate_allocation")] public List<RateAllocationConfig> RateAllocation { get; set; } = [];
}
