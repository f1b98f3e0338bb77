using Prometheus;

namespace TraceFlow.Grains.Stats;

/// <summary>
/// Rate, errors and duration per service and operation as Prometheus metrics, fed from a silo's
/// statistics delta once per flush: a few calls per operation per second instead of one per span.
/// Series are capped by <see cref="MetricSeriesCap"/>.
/// </summary>
public sealed class OperationMetrics
{
    private const double MillisPerSecond = 1000.0;

    /// <summary>The histogram's bucket bounds: the statistics' latency bins, in seconds.</summary>
    private static readonly double[] BoundsSeconds = [.. LatencyBins.UpperBoundsMs.Select(ms => ms / MillisPerSecond)];

    private readonly MetricSeriesCap cap;
    private readonly Counter spans;
    private readonly Counter errors;
    private readonly Histogram durations;
    private readonly Counter folded;

    public OperationMetrics(IMetricFactory factory, MetricSeriesCap cap)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(cap);
        this.cap = cap;
        spans = factory.CreateCounter(
            "traceflow_operation_spans_total", "Spans received, before sampling, by service and operation.", ["service", "operation"]);
        errors = factory.CreateCounter(
            "traceflow_operation_errors_total", "Spans received with error status, by service and operation.", ["service", "operation"]);
        durations = factory.CreateHistogram(
            "traceflow_operation_duration_seconds",
            "Durations of the spans received, by service and operation (buckets: the statistics' latency bins).",
            new HistogramConfiguration { LabelNames = ["service", "operation"], Buckets = BoundsSeconds });
        folded = factory.CreateCounter(
            "traceflow_operation_spans_folded_total",
            "Spans exported under service or operation 'other' because the series cap (MaxMetricServices or MaxMetricSeries) was reached, by cap.",
            ["cap"]);
        // Exported at zero from the start, so a dashboard shows that nothing was folded.
        folded.WithLabels("service");
        folded.WithLabels("operation");
    }

    public void Export(TraceStatistics delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        foreach (var (service, stats) in delta.Services)
        {
            foreach (var (operation, operationStats) in stats.Operations)
            {
                var labels = cap.LabelsFor(service, operation);
                spans.WithLabels(labels.Service, labels.Operation).Inc(operationStats.SpanCount);
                // Touched even at zero, so an error ratio reads 0 rather than no data.
                errors.WithLabels(labels.Service, labels.Operation).Inc(operationStats.ErrorCount);
                Observe(durations.WithLabels(labels.Service, labels.Operation), operationStats.Durations);
                if (labels.FoldedBy is { } by)
                {
                    folded.WithLabels(by).Inc(operationStats.SpanCount);
                }
            }
        }
    }

    /// <summary>
    /// Prometheus takes (value, count) pairs, not bucket counts: each bin's count is observed at one
    /// value inside its bucket, the same fraction of the way up every bin, with that fraction chosen
    /// so the values add up to the recorded sum (exact unless the 1 % binning put a value across a bound).
    /// </summary>
    private static void Observe(Histogram.Child histogram, LatencyHistogram latencies)
    {
        var counts = latencies.CountsPerBin();
        var maxSeconds = latencies.Max / MillisPerSecond;
        double floor = 0, width = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            floor += counts[i] * Lower(i);
            width += counts[i] * (Upper(i, maxSeconds) - Lower(i));
        }

        var fraction = width > 0 ? Math.Clamp((latencies.Sum / MillisPerSecond - floor) / width, 0, 1) : 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            var (lower, upper) = (Lower(i), Upper(i, maxSeconds));
            var value = Math.Min(lower + (fraction * (upper - lower)), upper);
            // Buckets are upper-inclusive: a value on a lower bound would count in the bucket below.
            histogram.Observe(i == 0 ? value : Math.Max(value, Math.BitIncrement(lower)), counts[i]);
        }
    }

    private static double Lower(int bin) => bin == 0 ? 0 : BoundsSeconds[bin - 1];

    /// <summary>The last bin has no bound: the longest duration seen stands in for it.</summary>
    private static double Upper(int bin, double maxSeconds) =>
        bin < BoundsSeconds.Length ? BoundsSeconds[bin] : Math.Max(maxSeconds, Math.BitIncrement(BoundsSeconds[^1]));
}
