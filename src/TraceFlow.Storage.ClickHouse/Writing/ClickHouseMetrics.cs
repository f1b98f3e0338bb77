using Prometheus;

namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>The ClickHouse writer's Prometheus metrics (process-wide, like every prometheus-net metric).</summary>
internal static class ClickHouseMetrics
{
    public static readonly Gauge QueuedSpans = Metrics.CreateGauge(
        "traceflow_clickhouse_queue_spans", "Kept spans waiting to be written to ClickHouse.");

    public static readonly Counter EnqueuedSpans = Metrics.CreateCounter(
        "traceflow_clickhouse_spans_queued_total", "Kept spans handed to the ClickHouse writer (every one is written, or counted lost at shutdown).");

    public static readonly Counter WrittenSpans = Metrics.CreateCounter(
        "traceflow_clickhouse_spans_written_total", "Spans written to ClickHouse.");

    public static readonly Counter Batches = Metrics.CreateCounter(
        "traceflow_clickhouse_batches_total", "Inserts into ClickHouse that succeeded.");

    public static readonly Counter WriteFailures = Metrics.CreateCounter(
        "traceflow_clickhouse_write_failures_total", "Inserts into ClickHouse that failed and will be retried.");

    public static readonly Gauge Available = Metrics.CreateGauge(
        "traceflow_clickhouse_up", "1 while the last attempt to reach ClickHouse succeeded, else 0.");
}
