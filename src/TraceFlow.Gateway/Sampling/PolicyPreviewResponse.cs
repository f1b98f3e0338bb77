using TraceFlow.Grains.Sampling.Preview;

namespace TraceFlow.Gateway.Sampling;

/// <summary>One policy of a preview: its own verdicts, what it would keep alone, and what it decided.</summary>
public sealed record PolicyPreviewResponse(
    string Name,
    string Type,
    PolicyVerdictCounts Verdicts,
    int KeptAlone,
    double KeptAloneFraction,
    int Decided,
    int DecidedKept,
    int DecidedDropped)
{
    public static PolicyPreviewResponse From(PolicyReplayResult policy, int evaluated)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(
            policy.Name,
            policy.Type,
            new PolicyVerdictCounts(policy.Sampled, policy.NotSampled, policy.InvertedSampled, policy.InvertedNotSampled, policy.Dropped),
            policy.KeptAlone,
            SamplingPreviewResponse.Fraction(policy.KeptAlone, evaluated),
            policy.Decided,
            policy.DecidedKept,
            policy.DecidedDropped);
    }
}
