using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary><c>and</c>: <c>and_sub_policy</c>, all of which must keep the trace.</summary>
public sealed class AndConfig
{
    [ConfigurationKeyName("and_sub_policy")] public List<PolicyConfig> SubPolicies { get; set; } = [];
}
