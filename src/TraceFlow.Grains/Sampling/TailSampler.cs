using Microsoft.Extensions.Options;
using TraceFlow.Grains.Sampling.Configuration;
using TraceFlow.Grains.Sampling.Policies;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Sampling;

/// <summary>
/// Evaluates every policy on a trace and combines their decisions the way the OpenTelemetry
/// Collector's <c>tail_sampling</c> processor does (see <see cref="PolicyDecision"/>). The
/// deciding policy recorded with the trace: for a kept trace the first policy that kept it;
/// for a dropped one the first <c>drop</c> or inverted match that excluded it, else the last
/// policy that declined it.
/// </summary>
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
        int firstKeep = -1, firstInvertKeep = -1, firstDrop = -1, firstInvertExclude = -1, lastDecline = -1;
        for (var i = 0; i < policies.Count; i++)
        {
            switch (policies[i].Evaluate(trace))
            {
                case PolicyDecision.Dropped when firstDrop < 0:
                    firstDrop = i;
                    break;
                case PolicyDecision.InvertNotSampled when firstInvertExclude < 0:
                    firstInvertExclude = i;
                    break;
                case PolicyDecision.Sampled when firstKeep < 0:
                    firstKeep = i;
                    break;
                case PolicyDecision.InvertSampled when firstInvertKeep < 0:
                    firstInvertKeep = i;
                    break;
                case PolicyDecision.NotSampled:
                    lastDecline = i;
                    break;
            }
        }

        if (firstDrop >= 0)
        {
            return outcomes[firstDrop].Drop;
        }

        if (firstInvertExclude >= 0)
        {
            return outcomes[firstInvertExclude].Drop;
        }

        if (firstKeep >= 0)
        {
            return outcomes[firstKeep].Keep;
        }

        // An inverted "no match" keeps a trace only when no policy declined it.
        if (firstInvertKeep >= 0 && lastDecline < 0)
        {
            return outcomes[firstInvertKeep].Keep;
        }

        return lastDecline >= 0 ? outcomes[lastDecline].Drop : NoneMatched;
    }

    /// <summary>The configured policy list, or the seed's rules as policies: errors, slow traces, then a sample of the rest.</summary>
    private static IReadOnlyList<ITailSamplingPolicy> BuildPolicies(TailSamplingOptions options)
    {
        // An explicit policy list wins even over the local profile's keep-all.
        if (options.Policies.Count > 0)
        {
            var errors = new List<string>();
            var configured = PolicyFactory.Create(options.Policies, errors);
            return errors.Count == 0 ? configured : throw new OptionsValidationException(TailSamplingOptions.SectionName, typeof(TailSamplingOptions), errors);
        }

        if (options.KeepAll)
        {
            return [new AlwaysSamplePolicy()];
        }

        var policies = new List<ITailSamplingPolicy>();
        if (options.KeepErrors)
        {
            policies.Add(new StatusCodePolicy("error", [SpanStatusCode.Error]));
        }

        if (options.SlowThreshold > TimeSpan.Zero)
        {
            policies.Add(new LatencyPolicy("latency", (long)options.SlowThreshold.TotalMilliseconds));
        }

        policies.Add(new ProbabilisticPolicy("probabilistic", options.SampleRate * 100, options.HashSalt));
        return policies;
    }
}
