namespace TraceFlow.Gateway.Sampling;

/// <summary>How often one policy gave each verdict, named as the per-policy metrics name them.</summary>
public sealed record PolicyVerdictCounts(int Sampled, int NotSampled, int InvertedSampled, int InvertedNotSampled, int Dropped);
