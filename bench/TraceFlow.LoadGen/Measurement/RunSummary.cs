namespace TraceFlow.LoadGen.Measurement;

/// <summary>The whole run: totals, rates over the run, latency, and the per-second series.</summary>
internal sealed record RunSummary(
    string Protocol,
    double ElapsedSeconds,
    CounterSnapshot Totals,
    long Traces,
    long ErrorTraces,
    long SlowTraces,
    TimeSpan P50,
    TimeSpan P99,
    TimeSpan Max,
    IReadOnlyList<SecondSample> Series)
{
    public double OfferedPerSecond => ElapsedSeconds > 0 ? Totals.Offered / ElapsedSeconds : 0;

    public double AcceptedPerSecond => ElapsedSeconds > 0 ? Totals.Accepted / ElapsedSeconds : 0;
}
