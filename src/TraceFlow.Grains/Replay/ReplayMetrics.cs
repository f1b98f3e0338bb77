using Prometheus;

namespace TraceFlow.Grains.Replay;

/// <summary>The gateway's replay buffer, in Prometheus metrics.</summary>
public static class ReplayMetrics
{
    public static readonly Gauge BufferedTraces = Metrics.CreateGauge(
        "traceflow_replay_buffer_traces", "Traces with acknowledged spans the gateway holds until the silos settle them.");

    public static readonly Gauge BufferedSpans = Metrics.CreateGauge(
        "traceflow_replay_buffer_spans", "Acknowledged spans the gateway holds until their traces are settled (cap: TraceFlow:Replay:MaxSpans).");

    public static readonly Gauge BufferedBytes = Metrics.CreateGauge(
        "traceflow_replay_buffer_bytes", "Packed bytes of the spans the gateway holds for replay (cap: TraceFlow:Replay:MaxBytes).");

    public static readonly Counter ReplayedTraces = Metrics.CreateCounter(
        "traceflow_replay_traces_total", "Traces whose held spans were sent again because the silo holding them died.");

    public static readonly Counter ReplayedSpans = Metrics.CreateCounter(
        "traceflow_replay_spans_total", "Held spans sent again because the silo holding their trace died.");

    public static readonly Counter RefusedSpans = Metrics.CreateCounter(
        "traceflow_replay_refused_spans_total", "Spans refused (503 with Retry-After) because the replay buffer was full.");

    public static readonly Counter EvictedSpans = Metrics.CreateCounter(
        "traceflow_replay_evicted_spans_total", "Held spans let go after TraceFlow:Replay:MaxHoldTime without their trace being settled.");
}
