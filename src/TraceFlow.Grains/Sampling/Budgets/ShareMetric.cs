using Prometheus;
using TraceFlow.Grains.Diagnostics;

namespace TraceFlow.Grains.Sampling.Budgets;

/// <summary>
/// One budget's share in <c>traceflow_sampling_rate_share</c>, added as a contribution so the
/// silos of one process (tests) add up, and taken back when the budget is gone.
/// </summary>
internal sealed class ShareMetric(string policy)
{
    private readonly Gauge.Child gauge = GrainsMetrics.RateShare.WithLabels(policy);
    private long contributed;

    public void Set(long share)
    {
        var delta = share - Interlocked.Exchange(ref contributed, share);
        if (delta != 0)
        {
            gauge.Inc(delta);
        }
    }

    public void Release() => Set(0);
}
