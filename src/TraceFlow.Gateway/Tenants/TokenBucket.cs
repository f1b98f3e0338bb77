namespace TraceFlow.Gateway.Tenants;

/// <summary>
/// A token bucket of spans: it refills at <c>rate</c> per second up to <c>burst</c>. A request
/// is admitted whole when the bucket holds its spans (or, for a request larger than the burst,
/// is full) and may leave it in debt, so the long-run rate holds either way.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock gate = new();
    private readonly double rate;
    private readonly double burst;
    private readonly TimeProvider time;
    private double tokens;
    private long updated;

    public TokenBucket(double rate, double burst, TimeProvider time)
    {
        (this.rate, this.burst, this.time) = (rate, burst, time);
        tokens = burst;
        updated = time.GetTimestamp();
    }

    /// <summary>Takes <paramref name="spans"/> tokens; when it cannot, how long until it could.</summary>
    public TimeSpan? TryTake(int spans)
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            tokens = Math.Min(burst, tokens + (time.GetElapsedTime(updated, now).TotalSeconds * rate));
            updated = now;
            var needed = Math.Min(spans, burst);
            if (tokens >= needed)
            {
                tokens -= spans;
                return null;
            }

            return TimeSpan.FromSeconds((needed - tokens) / rate);
        }
    }
}
