using System.Collections.Immutable;
using Orleans.Concurrency;

namespace TraceFlow.Grains.Sampling;

/// <summary>
/// A stateless worker: it activates on the silo it is called from (the co-hosted one) or on
/// any silo for a client gateway, and answers from that silo's <see cref="TailSampler"/>.
/// </summary>
[StatelessWorker]
public sealed class SamplingPolicyGrain(TailSampler sampler) : Grain, ISamplingPolicyGrain
{
    Task<ImmutableArray<PolicyInfo>> ISamplingPolicyGrain.GetPoliciesAsync() =>
        Task.FromResult<ImmutableArray<PolicyInfo>>([.. sampler.Policies.Select(p => new PolicyInfo(p.Name, PolicyTypeName.Of(p)))]);
}
