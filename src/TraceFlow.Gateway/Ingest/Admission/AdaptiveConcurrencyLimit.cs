using Microsoft.Extensions.Options;
using TraceFlow.Gateway.Diagnostics;

namespace TraceFlow.Gateway.Ingest.Admission;

/// <summary>
/// How many ingest requests <see cref="IngestAdmission"/> lets in at once, adapted to how long
/// their spans take to reach their traces (additive increase, multiplicative decrease, as TCP
/// sizes its window). Memory alone does not catch a backlog: with enough memory, a thousand
/// clients' requests all get in and wait their turn on the silos, answered after 6 to 19 s,
/// past an exporter's 10 s timeout, which then sends them again. Here a dispatch slower than
/// <see cref="AdmissionOptions.TargetDispatchTime"/> halves the limit, and the excess is refused
/// up front with 503 and Retry-After; each dispatch within it raises the limit by 1/limit, about
/// one per round of requests, back to <see cref="AdmissionOptions.MaxInFlightRequests"/>.
/// Only a dispatch that began after the last cut counts against the limit again: those that
/// began before it were let in under the old one.
/// </summary>
public sealed class AdaptiveConcurrencyLimit
{
    /// <summary>The fewest requests let in at once, however slow dispatch is, so the limit keeps learning.</summary>
    public const int Floor = 4;

    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly TimeSpan target;
    private readonly int max;
    private readonly int min;
    private double limit;
    private int current;
    private long lastCut = long.MinValue;

    public AdaptiveConcurrencyLimit(IOptions<AdmissionOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.time = time;
        target = options.Value.TargetDispatchTime;
        max = options.Value.MaxInFlightRequests;
        min = Math.Min(Floor, max);
        limit = current = max;
        GatewayMetrics.IngestConcurrencyLimit.Set(current);
    }

    /// <summary>Requests let in at once now.</summary>
    public int Current => Volatile.Read(ref current);

    /// <summary>The most it can be: <see cref="AdmissionOptions.MaxInFlightRequests"/>.</summary>
    public int Max => max;

    /// <summary>The time dispatch is meant to take at most.</summary>
    public TimeSpan Target => target;

    /// <summary>A timestamp from this limit's clock, taken when a dispatch begins.</summary>
    public long Start() => time.GetTimestamp();

    /// <summary>Learns from a dispatch that began at <paramref name="started"/> (from <see cref="Start"/>) and has ended.</summary>
    public void Completed(long started)
    {
        var now = time.GetTimestamp();
        var slow = time.GetElapsedTime(started, now) > target;
        lock (gate)
        {
            if (slow)
            {
                if (started < lastCut)
                {
                    return;
                }

                limit = Math.Max(min, limit / 2);
                lastCut = now;
            }
            else
            {
                limit = Math.Min(max, limit + (1 / limit));
            }

            Volatile.Write(ref current, (int)limit);
        }

        GatewayMetrics.IngestConcurrencyLimit.Set(Current);
    }
}
