namespace TraceFlow.Grains.Sampling;

/// <summary>Keeps a trace when any of its spans has error status.</summary>
public sealed class ErrorPolicy : ITailSamplingPolicy
{
    public string Name => "error";

    public PolicyVerdict Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return trace.HasError ? PolicyVerdict.Keep : PolicyVerdict.NoOpinion;
    }
}
