namespace TraceFlow.Sdk.Export;

/// <summary>
/// Exponential backoff with jitter: the n-th retry waits between half and all of
/// <c>200 ms × 2^(n-1)</c>, capped. A collector's <c>Retry-After</c> wins over the formula
/// (still capped), because the collector knows when it will have room again.
/// </summary>
internal sealed class RetryBackoff(TimeSpan maxDelay, Random random)
{
    private static readonly TimeSpan InitialDelay = TimeSpan.FromMilliseconds(200);

    public TimeSpan DelayBefore(int retry, TimeSpan? retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retry);
        if (retryAfter is { } requested)
        {
            return requested < TimeSpan.Zero ? TimeSpan.Zero : Min(requested, maxDelay);
        }

        var exponential = InitialDelay * Math.Pow(2, Math.Min(retry - 1, 20));
        var capped = Min(exponential, maxDelay);
        return (capped / 2) + (capped / 2 * random.NextDouble());
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
