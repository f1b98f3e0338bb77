namespace TraceFlow.Grains.Sampling;

/// <summary>
/// Keeps a fixed fraction of traces, chosen by a stable hash of the trace id so that every
/// silo, run and release makes the same choice for the same id. It always decides.
/// </summary>
public sealed class ProbabilisticPolicy : ITailSamplingPolicy
{
    private readonly double rate;
    private readonly string salt;

    public ProbabilisticPolicy(double rate, string salt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1.0);
        ArgumentNullException.ThrowIfNull(salt);
        this.rate = rate;
        this.salt = salt;
    }

    public string Name => "probabilistic";

    public PolicyVerdict Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return TraceIdHash.UnitInterval(trace.TraceId, salt) < rate ? PolicyVerdict.Keep : PolicyVerdict.Drop;
    }
}
