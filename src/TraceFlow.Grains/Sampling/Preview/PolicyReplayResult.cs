namespace TraceFlow.Grains.Sampling.Preview;

/// <summary>One policy's part in a replay: its own verdicts on every trace, and the traces it decided.</summary>
public sealed record PolicyReplayResult(
    string Name,
    string Type,
    int Sampled,
    int NotSampled,
    int InvertedSampled,
    int InvertedNotSampled,
    int Dropped,
    int DecidedKept,
    int DecidedDropped)
{
    /// <summary>Traces this policy would keep were it the only one: its own keep verdicts.</summary>
    public int KeptAlone => Sampled + InvertedSampled;

    public int Decided => DecidedKept + DecidedDropped;
}
