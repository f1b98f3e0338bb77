namespace TraceFlow.LoadGen.Running;

/// <summary>
/// Paces requests to a span rate shared by all workers: each request reserves the time its spans
/// take at the rate and waits for its slot. A slot more than one second late is forgotten, so a
/// stall is not followed by an unbounded burst. Rate 0 never waits.
/// </summary>
internal sealed class RatePacer(double spansPerSecond, TimeProvider time)
{
    private readonly Lock gate = new();
    private long next;

    public async Task WaitAsync(int spans, CancellationToken cancellationToken)
    {
        if (spansPerSecond <= 0)
        {
            return;
        }

        long start;
        long now;
        lock (gate)
        {
            now = time.GetTimestamp();
            var frequency = time.TimestampFrequency;
            if (next < now - frequency)
            {
                next = now;
            }

            start = next;
            next += (long)(spans / spansPerSecond * frequency);
        }

        if (start > now)
        {
            await Task.Delay(time.GetElapsedTime(now, start), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
