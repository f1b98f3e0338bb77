namespace TraceFlow.Demo;

/// <summary>Simulated latencies and failures; seedable so a run can be repeated, safe across requests.</summary>
public sealed class DemoRandom(int? seed)
{
    private readonly Random random = seed is { } value ? new Random(value) : new Random();
    private readonly Lock gate = new();

    public int Next(int minInclusive, int maxExclusive)
    {
        lock (gate)
        {
            return random.Next(minInclusive, maxExclusive);
        }
    }

    public bool Chance(double probability)
    {
        lock (gate)
        {
            return random.NextDouble() < probability;
        }
    }

    /// <summary>Stands in for real work: a delay of a few tens of milliseconds.</summary>
    public Task WorkAsync(int minMs, int maxMs, TimeProvider time, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Next(minMs, maxMs)), time, cancellationToken);
}
