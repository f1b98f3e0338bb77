using Microsoft.Extensions.Options;

namespace TraceFlow.Grains.Sampling;

/// <summary>Runs the configured policies in order; the first verdict decides.</summary>
public sealed class TailSampler
{
    private static readonly SamplingDecision NoneMatched = new(false, SamplingDecision.NoPolicyMatched);

    private readonly IReadOnlyList<ITailSamplingPolicy> policies;

    /// <summary>One keep and one drop decision per policy, shared by every trace (the decision cache holds many).</summary>
    private readonly (SamplingDecision Keep, SamplingDecision Drop)[] outcomes;

    public TailSampler(IOptions<TailSamplingOptions> options)
        : this(BuildPolicies(options?.Value ?? throw new ArgumentNullException(nameof(options))))
    {
    }

    public TailSampler(IReadOnlyList<ITailSamplingPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        this.policies = policies;
        outcomes = [.. policies.Select(p => (new SamplingDecision(true, p.Name), new SamplingDecision(false, p.Name)))];
    }

    public IReadOnlyList<ITailSamplingPolicy> Policies => policies;

    public SamplingDecision Decide(SampledTrace trace)
    {
        for (var i = 0; i < policies.Count; i++)
        {
            switch (policies[i].Evaluate(trace))
            {
                case PolicyVerdict.Keep:
                    return outcomes[i].Keep;
                case PolicyVerdict.Drop:
                    return outcomes[i].Drop;
            }
        }

        return NoneMatched;
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
