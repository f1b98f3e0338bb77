namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>
/// Exponential backoff with jitter between attempts to reach ClickHouse: doubling from
/// <see cref="First"/> up to <see cref="Longest"/>, each wait a random 50–100 % of that, so
/// silos that lost the server together do not all come back at the same instant.
/// </summary>
internal sealed class RetryDelays(Random random)
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1 for the first).</summary>
    public TimeSpan After(int attempt)
    {
        var ceiling = First * Math.Pow(2, Math.Min(attempt - 1, 20));
        if (ceiling > Longest)
        {
            ceiling = Longest;
        }

        return ceiling * (0.5 + (random.NextDouble() / 2));
    }
}
