using Microsoft.Extensions.Options;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Stats;

/// <summary>
/// Per-silo pre-aggregation of every received span and decided trace, so the stats grain
/// gets one merged delta per silo per flush instead of one call per span.
/// </summary>
public sealed class SiloStatsAggregator(IOptions<StatsOptions> options)
{
    private readonly StatsLimits limits = options.Value.Limits;
    private readonly Lock gate = new();
    private TraceStatistics pending = new();

    public void RecordSpans(IEnumerable<Span> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        lock (gate)
        {
            foreach (var span in spans)
            {
                pending.RecordSpan(span, limits);
            }
        }
    }

    public void RecordTrace(long durationNanos, SamplingDecision decision)
    {
        lock (gate)
        {
            pending.RecordTrace(durationNanos, decision);
        }
    }

    /// <summary>Takes everything recorded since the last call; null when there is nothing.</summary>
    public TraceStatistics? TakeDelta()
    {
        lock (gate)
        {
            if (pending.IsEmpty)
            {
                return null;
            }

            var delta = pending;
            pending = new TraceStatistics();
            return delta;
        }
    }

    /// <summary>Puts back a delta that could not be delivered, so the next flush retries it.</summary>
    public void Restore(TraceStatistics delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        lock (gate)
        {
            delta.Merge(pending, limits);
            pending = delta;
        }
    }
}
