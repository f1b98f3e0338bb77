namespace TraceFlow.Grains.Sampling;

/// <summary>What one policy says about a trace. The first verdict other than <see cref="NoOpinion"/> decides.</summary>
public enum PolicyVerdict
{
    NoOpinion,
    Keep,
    Drop,
}
