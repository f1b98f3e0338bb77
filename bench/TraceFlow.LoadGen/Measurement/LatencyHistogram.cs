namespace TraceFlow.LoadGen.Measurement;

/// <summary>
/// Log-bucketed latencies (each bucket 2% wider than the last, from 1 µs), so percentiles are
/// within 2%; the maximum is exact. Thread-safe through a lock: a few thousand records a second.
/// </summary>
internal sealed class LatencyHistogram
{
    private const double Growth = 1.02;
    private const int Buckets = 1200;
    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly Lock gate = new();
    private readonly long[] counts = new long[Buckets];
    private long total;
    private double maxMicros;

    public long Count
    {
        get
        {
            lock (gate)
            {
                return total;
            }
        }
    }

    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(1, latency.TotalMicroseconds);
        var bucket = Math.Clamp((int)(Math.Log(micros) / LogGrowth), 0, Buckets - 1);
        lock (gate)
        {
            counts[bucket]++;
            total++;
            maxMicros = Math.Max(maxMicros, micros);
        }
    }

    /// <summary>The latency below which <paramref name="quantile"/> of the records fall; zero when empty.</summary>
    public TimeSpan Percentile(double quantile)
    {
        lock (gate)
        {
            if (total == 0)
            {
                return TimeSpan.Zero;
            }

            var rank = (long)Math.Ceiling(quantile * total);
            long seen = 0;
            for (var i = 0; i < Buckets; i++)
            {
                seen += counts[i];
                if (seen >= Math.Max(1, rank))
                {
                    return TimeSpan.FromMicroseconds(Math.Min(Math.Pow(Growth, i + 1), maxMicros));
                }
            }

            return TimeSpan.FromMicroseconds(maxMicros);
        }
    }

    public TimeSpan Max
    {
        get
        {
            lock (gate)
            {
                return TimeSpan.FromMicroseconds(maxMicros);
            }
        }
    }

    /// <summary>Adds <paramref name="other"/>'s records to this one and clears <paramref name="other"/>.</summary>
    public void Drain(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        long[] copy;
        long otherTotal;
        double otherMax;
        lock (other.gate)
        {
            copy = (long[])other.counts.Clone();
            otherTotal = other.total;
            otherMax = other.maxMicros;
            Array.Clear(other.counts);
            other.total = 0;
            other.maxMicros = 0;
        }

        lock (gate)
        {
            for (var i = 0; i < Buckets; i++)
            {
                counts[i] += copy[i];
            }

            total += otherTotal;
            maxMicros = Math.Max(maxMicros, otherMax);
        }
    }
}
