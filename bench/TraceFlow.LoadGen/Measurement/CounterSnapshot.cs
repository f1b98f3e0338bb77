namespace TraceFlow.LoadGen.Measurement;

/// <summary>Totals at one moment: requests and spans offered, accepted, rejected, shed; failed requests.</summary>
internal readonly record struct CounterSnapshot(long Requests, long Offered, long Accepted, long Rejected, long Shed, long Errors)
{
    public static CounterSnapshot operator -(CounterSnapshot a, CounterSnapshot b) => new(
        a.Requests - b.Requests, a.Offered - b.Offered, a.Accepted - b.Accepted, a.Rejected - b.Rejected, a.Shed - b.Shed, a.Errors - b.Errors);

    public CounterSnapshot Subtract(CounterSnapshot other) => this - other;
}
