using System.Collections.Immutable;

namespace TraceFlow.Grains.Sampling;

/// <summary>Reports the tail-sampling policies a silo runs, for gateways without a silo of their own.</summary>
[Alias("TraceFlow.ISamplingPolicyGrain")]
public interface ISamplingPolicyGrain : IGrainWithIntegerKey
{
    /// <summary>The live policies in evaluation order, as the silo's sampler holds them now.</summary>
    Task<ImmutableArray<PolicyInfo>> GetPoliciesAsync();
}
