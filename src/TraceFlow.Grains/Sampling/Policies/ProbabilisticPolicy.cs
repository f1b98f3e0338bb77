namespace TraceFlow.Grains.Sampling.Policies;

/// <summary>
/// <c>probabilistic</c>: keeps <c>sampling_percentage</c> % of traces, chosen by a stable hash of
/// the trace id and <c>hash_salt</c>, so every silo, run and release makes the same choice.
/// </summary>
public sealed class ProbabilisticPolicy : ITailSamplingPolicy
{
    private readonly double rate;
    private readonly string salt;

    public ProbabilisticPolicy(string name, double samplingPercentage, string salt)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(samplingPercentage);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samplingPercentage, 100.0);
        ArgumentNullException.ThrowIfNull(salt);
        Name = name;
        rate = samplingPercentage / 100;
        this.salt = salt;
    }

    public string Name { get; }

    public PolicyDecision Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return TraceIdHash.UnitInterval(trace.TraceId, salt) < rate ? PolicyDecision.Sampled : PolicyDecision.NotSampled;
    }
}
