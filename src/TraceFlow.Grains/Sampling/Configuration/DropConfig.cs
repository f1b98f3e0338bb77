using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary><c>drop</c>: <c>drop_sub_policy</c>, all of which must match for the trace to be dropped.</summary>
public sealed class DropConfig
{
    [ConfigurationKeyName("drop_sub_policy")] public List<PolicyConfig> SubPolicies { get; set; } = [];
}
