using System.Globalization;
using TraceFlow.Grains.Sampling.Configuration;
using TraceFlow.Grains.Sampling.Policies;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Sampling;

/// <summary>
/// One immutable list of policies and how their decisions combine, the OpenTelemetry
/// Collector's way (see <see cref="PolicyDecision"/>). The deciding policy recorded with the
/// trace: for a kept trace the first policy that kept it; for a dropped one the first
/// <c>drop</c> or inverted match that excluded it, else the last policy that declined it.
/// </summary>
public sealed class PolicySet
{
    private static readonly SamplingDecision NoneMatched = new(false, SamplingDecision.NoPolicyMatched);

    private readonly ITailSamplingPolicy[] policies;

    /// <summary>One keep and one drop decision per policy, shared by every trace (the decision cache holds many).</summary>
    private readonly (SamplingDecision Keep, SamplingDecision Drop)[] outcomes;

    public PolicySet(IReadOnlyList<ITailSamplingPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        this.policies = [.. policies];
        outcomes = [.. policies.Select(p => (new SamplingDecision(true, p.Name), new SamplingDecision(false, p.Name)))];
    }

    public IReadOnlyList<ITailSamplingPolicy> Policies => policies;

    public SamplingDecision Decide(SampledTrace trace)
    {
        Span<PolicyDecision> verdicts = policies.Length <= 64 ? stackalloc PolicyDecision[policies.Length] : new PolicyDecision[policies.Length];
        return Decide(trace, verdicts);
    }

    /// <summary>Decides <paramref name="trace"/> and leaves each policy's own decision in <paramref name="verdicts"/>.</summary>
    public SamplingDecision Decide(SampledTrace trace, Span<PolicyDecision> verdicts)
    {
        ArgumentNullException.ThrowIfNull(trace);
        int firstKeep = -1, firstInvertKeep = -1, firstDrop = -1, firstInvertExclude = -1, lastDecline = -1;
        for (var i = 0; i < policies.Length; i++)
        {
            var verdict = verdicts[i] = policies[i].Evaluate(trace);
            switch (verdict)
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

    /// <summary>
    /// The configured policy list, or the seed's rules as policies (errors, slow traces, then a
    /// sample of the rest), or null with every problem added to <paramref name="errors"/>.
    /// </summary>
    public static PolicySet? Build(TailSamplingOptions options, PolicyContext context, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        errors.AddRange(options.BindingErrors);
        IReadOnlyList<ITailSamplingPolicy> policies;
        if (options.Policies.Count > 0)
        {
            // An explicit policy list wins even over the local profile's keep-all.
            policies = PolicyFactory.Create(options.Policies, context, errors);
        }
        else if (options.KeepAll)
        {
            policies = [new AlwaysSamplePolicy()];
        }
        else
        {
            policies = SeedRules(options, errors);
        }

        return errors.Count == before ? new PolicySet(policies) : null;
    }

    private static List<ITailSamplingPolicy> SeedRules(TailSamplingOptions options, List<string> errors)
    {
        var rules = new List<ITailSamplingPolicy>();
        if (options.KeepErrors)
        {
            rules.Add(new StatusCodePolicy("error", [SpanStatusCode.Error]));
        }

        if (options.SlowThreshold < TimeSpan.Zero || options.SlowThreshold > TimeSpan.FromDays(1))
        {
            errors.Add($"SlowThreshold: {options.SlowThreshold} is not between 00:00:00 and 1.00:00:00");
        }
        else if (options.SlowThreshold > TimeSpan.Zero)
        {
            rules.Add(new LatencyPolicy("latency", (long)options.SlowThreshold.TotalMilliseconds));
        }

        if (options.SampleRate is < 0 or > 1 || double.IsNaN(options.SampleRate))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"SampleRate: {options.SampleRate} is not between 0 and 1"));
        }
        else
        {
            rules.Add(new ProbabilisticPolicy("probabilistic", options.SampleRate * 100, options.HashSalt));
        }

        return rules;
    }
}
