namespace TraceFlow.Grains.Sampling;

/// <summary>Keeps every trace: the local profile's default, so the demo is easy to inspect.</summary>
public sealed class AlwaysSamplePolicy : ITailSamplingPolicy
{
    public string Name => "always_sample";

    public PolicyVerdict Evaluate(SampledTrace trace) => PolicyVerdict.Keep;
}
