namespace TraceFlow.Grains.Sampling;

/// <summary>The outcome of tail sampling for one trace and the policy that decided it.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.SamplingDecision")]
public sealed record SamplingDecision([property: Id(0)] bool Keep, [property: Id(1)] string Policy)
{
    /// <summary>Policy name recorded when no policy had an opinion and the trace was dropped.</summary>
    public const string NoPolicyMatched = "none";
}
