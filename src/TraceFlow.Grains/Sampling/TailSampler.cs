using Microsoft.Extensions.Options;

namespace TraceFlow.Grains.Sampling;

/// <summary>Runs the configured policies in order; the first verdict decides.</summary>
public sealed class TailSampler
{
    private readonly IReadOnlyList<ITailSamplingPolicy> policies;

    public TailSampler(IOptions<TailSamplingOptions> options)
        : this(BuildPolicies(options?.Value ?? throw new ArgumentNullException(nameof(options))))
    {
    }

    public TailSampler(IReadOnlyList<ITailSamplingPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        this.policies = policies;
    }

    public IReadOnlyList<ITailSamplingPolicy> Policies => policies;

    public SamplingDecision Decide(SampledTrace trace)
    {
        foreach (var policy in policies)
        {
            switch (policy.Evaluate(trace))
            {
                case PolicyVerdict.Keep:
                    return new SamplingDecision(true, policy.Name);
                case PolicyVerdict.Drop:
                    return new SamplingDecision(false, policy.Name);
            }
        }

        return new SamplingDecision(false, SamplingDecision.NoPolicyMatched);
    }

    private static List<ITailSamplingPolicy> BuildPolicies(TailSamplingOptions options)
    {
        if (options.KeepAll)
        {
            return [new AlwaysSamplePolicy()];
        }

        var policies = new List<ITailSamplingPolicy>();
        if (options.KeepErrors)
        {
            policies.Add(new ErrorPolicy());
        }

        if (options.SlowThreshold > TimeSpan.Zero)
        {
            policies.Add(new LatencyPolicy(options.SlowThreshold));
        }

        policies.Add(new ProbabilisticPolicy(options.SampleRate, options.HashSalt));
        return policies;
    }
}
