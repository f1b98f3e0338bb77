using Microsoft.Extensions.Options;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Traces.Packing;

namespace TraceFlow.Grains.Stats;

/// <summary>
/// Per-silo pre-aggregation of every received span and decided trace, per tenant, so each
/// tenant's stats grain gets one merged delta per silo per flush instead of one call per span.
/// Recording is striped by thread: grains on different scheduler threads rarely share a lock.
/// </summary>
public sealed class SiloStatsAggregator(IOptions<StatsOptions> options)
{
    private readonly StatsLimits limits = options.Value.Limits;
    private readonly Stripe[] stripes = [.. Enumerable.Range(0, Environment.ProcessorCount * 2).Select(_ => new Stripe())];

    public void RecordSpans(string tenant, IReadOnlyList<SpanHeader> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var stripe = CurrentStripe();
        lock (stripe.Gate)
        {
            var pending = stripe.For(tenant);
            foreach (var span in spans)
            {
                pending.RecordSpan(span.Service, span.Operation, span.DurationNanos, span.IsError, limits);
            }
        }
    }

    public void RecordTrace(string tenant, long durationNanos, SamplingDecision decision)
    {
        var stripe = CurrentStripe();
        lock (stripe.Gate)
        {
            stripe.For(tenant).RecordTrace(durationNanos, decision);
        }
    }

    /// <summary>Takes everything recorded since the last call, by tenant; empty when there is nothing.</summary>
    public Dictionary<string, TraceStatistics> TakeDelta()
    {
        var delta = new Dictionary<string, TraceStatistics>(StringComparer.Ordinal);
        foreach (var stripe in stripes)
        {
            Dictionary<string, TraceStatistics> taken;
            lock (stripe.Gate)
            {
                if (stripe.Pending.Count == 0)
                {
                    continue;
                }

                taken = stripe.Pending;
                stripe.Pending = new(StringComparer.Ordinal);
            }

            foreach (var (tenant, statistics) in taken)
            {
                if (delta.TryGetValue(tenant, out var merged))
                {
                    merged.Merge(statistics, limits);
                }
                else
                {
                    delta.Add(tenant, statistics);
                }
            }
        }

        return delta;
    }

    /// <summary>Puts back a tenant's delta that could not be delivered, so the next flush retries it.</summary>
    public void Restore(string tenant, TraceStatistics delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var stripe = stripes[0];
        lock (stripe.Gate)
        {
            if (stripe.Pending.TryGetValue(tenant, out var pending))
            {
                delta.Merge(pending, limits);
            }

            stripe.Pending[tenant] = delta;
        }
    }

    private Stripe CurrentStripe() => stripes[Environment.CurrentManagedThreadId % stripes.Length];

    private sealed class Stripe
    {
        public Lock Gate { get; } = new();

        public Dictionary<string, TraceStatistics> Pending { get; set; } = new(StringComparer.Ordinal);

        /// <summary>The tenant's pending statistics, created on first use; call under <see cref="Gate"/>.</summary>
        public TraceStatistics For(string tenant)
        {
            if (!Pending.TryGetValue(tenant, out var statistics))
            {
                statistics = new TraceStatistics();
                Pending.Add(tenant, statistics);
            }

            return statistics;
        }
    }
}
