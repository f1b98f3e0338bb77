using TraceFlow.Grains.Sampling;

namespace TraceFlow.Gateway.Sampling;

/// <summary>The live tail-sampling policies, in the order they are evaluated.</summary>
public sealed record SamplingPoliciesResponse(IReadOnlyList<PolicyInfo> Policies);
