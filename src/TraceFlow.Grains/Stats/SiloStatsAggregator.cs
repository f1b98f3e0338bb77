using Microsoft.Extensions.Options;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Traces.Packing;

namespace TraceFlow.Grains.Stats;

/// <summary>
/// Per-silo pre-aggregation of every received span and decided trace, so the stats grain
/// gets one merged delta per silo per flush instead of one call per span. Recording is
/// striped by thread: grains on different scheduler threads rarely share a lock.
/// </summary>
public sealed class SiloStatsAggregator(IOptions<StatsOptions> options)
{
    private readonly StatsLimits limits = options.Value.Limits;
    private readonly Stripe[] stripes = [.. Enumerable.Range(0, Environment.ProcessorCount * 2).Select(_ => new Stripe())];

    public void RecordSpans(IReadOnlyList<SpanHeader> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var stripe = CurrentStripe();
        lock (stripe.Gate)
        {
            foreach (var span in spans)
            {
                stripe.Pending.RecordSpan(span.Service, span.Operation, span.DurationNanos, span.IsError, limits);
            }
        }
    }

    public void RecordTrace(long durationNanos, SamplingDecision decision)
    {
        var stripe = CurrentStripe();
        lock (stripe.Gate)
        {
            stripe.Pending.RecordTrace(durationNanos, decision);
        }
    }

    /// <summary>Takes everything recorded since the last call; null when there is nothing.</summary>
    public TraceStatistics? TakeDelta()
    {
        TraceStatistics? delta = null;
        foreach (var stripe in stripes)
        {
            TraceStatistics taken;
            lock (stripe.Gate)
            {
                if (stripe.Pending.IsEmpty)
                {
                    continue;
                }

                taken = stripe.Pending;
                stripe.Pending = new TraceStatistics();
            }

            if (delta is null)
            {
                delta = taken;
            }
            else
            {
                delta.Merge(taken, limits);
            }
        }

        return delta;
    }

    /// <summary>Puts back a delta that could not be delivered, so the next flush retries it.</summary>
    public void Restore(TraceStatistics delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var stripe = stripes[0];
        lock (stripe.Gate)
        {
            delta.Merge(stripe.Pending, limits);
            stripe.Pending = delta;
        }
    }

    private Stripe CurrentStripe() => stripes[Environment.CurrentManagedThreadId % stripes.Length];

    private sealed class Stripe
    {
        public Lock Gate { get; } = new();

        public TraceStatistics Pending { get; set; } = new();
    }
}
