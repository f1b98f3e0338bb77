namespace TraceFlow.Grains.Sampling.Preview;

/// <summary>What a policy set would have decided about a run of traces.</summary>
/// <param name="NoPolicyDecided">Dropped because no policy had an opinion (the Collector's default).</param>
public sealed record ReplayResult(int Evaluated, int Kept, int NoPolicyDecided, IReadOnlyList<PolicyReplayResult> Policies)
{
    public int Dropped => Evaluated - Kept;
}
