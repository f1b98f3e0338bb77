using Prometheus;

namespace TraceFlow.Grains.Diagnostics;

/// <summary>
/// The grain pipeline's Prometheus metrics. Process-wide like every prometheus-net metric:
/// silos sharing a process (tests) add up.
/// </summary>
public static class GrainsMetrics
{
    public static readonly Counter SpansReceived = Metrics.CreateCounter(
        "traceflow_spans_received_total", "Spans taken by trace grains, before sampling.");

    public static readonly Counter SpansDropped = Metrics.CreateCounter(
        "traceflow_spans_dropped_total", "Spans lost after ingest accepted them, by reason.", "reason");

    public static readonly Counter LateSpans = Metrics.CreateCounter(
        "traceflow_spans_late_total", "Spans that arrived after their trace was decided, by the decision they followed.", "decision");

    public static readonly Gauge LiveTraces = Metrics.CreateGauge(
        "traceflow_traces_live", "Undecided traces held by trace grains.");

    public static readonly Gauge LiveSpans = Metrics.CreateGauge(
        "traceflow_spans_live", "Spans buffered in undecided traces.");

    public static readonly Counter SamplingDecisions = Metrics.CreateCounter(
        "traceflow_sampling_decisions_total", "Tail-sampling decisions, by decision (kept/dropped) and deciding policy.", "decision", "policy");

    public static readonly Counter PolicyVerdicts = Metrics.CreateCounter(
        "traceflow_sampling_policy_decisions_total",
        "Each policy's own verdict on every decided trace (sampled, not_sampled, inverted_sampled, inverted_not_sampled, dropped), whichever policy decided.",
        "policy",
        "decision");

    public static readonly Counter SamplingReloads = Metrics.CreateCounter(
        "traceflow_sampling_config_reloads_total", "Tail-sampling configuration changes, applied or rejected (the previous policies stay).", "result");

    public static readonly Gauge RateShare = Metrics.CreateGauge(
        "traceflow_sampling_rate_share",
        "Spans per second this silo may keep under a rate-limited policy (rate_limiting, composite): its share of the cluster-wide limit.",
        "policy");

    public static readonly Counter RateExchanges = Metrics.CreateCounter(
        "traceflow_sampling_rate_exchanges_total", "Exchanges of demand for a share with rate budget grains, by result (ok, failed).", "result");

    public static readonly Counter TracesRefused = Metrics.CreateCounter(
        "traceflow_traces_refused_total", "New traces refused because the silo held its maximum of live traces and the forced-decision headroom was used up.");

    public static readonly Counter ForcedDecisions = Metrics.CreateCounter(
        "traceflow_sampling_forced_decisions_total", "Oldest live traces decided early because the silo held its maximum of live traces (num_traces).");

    public static readonly Counter TracesDecided = Metrics.CreateCounter(
        "traceflow_traces_decided_total",
        "Traces decided, by what triggered the decision: decision_wait, early_decision_wait, max_trace_age, max_traces or shutdown.",
        "trigger");

    public static readonly Counter StorageBackpressure = Metrics.CreateCounter(
        "traceflow_traces_refused_storage_backpressure_total", "New traces refused because a store's write queue was backed up (the sender retries).");

    public static readonly Gauge StoredTraces = Metrics.CreateGauge(
        "traceflow_store_traces", "Kept traces held in the in-memory store.");

    public static readonly Gauge StoredSpans = Metrics.CreateGauge(
        "traceflow_store_spans", "Spans of the kept traces held in the in-memory store.");

    public static readonly Counter EvictedTraces = Metrics.CreateCounter(
        "traceflow_store_evicted_traces_total", "Kept traces evicted from the full in-memory store, oldest first.");

    public static readonly Gauge WriteQueueLength = Metrics.CreateGauge(
        "traceflow_writer_queue_length", "Kept traces waiting for storage.");

    public static readonly Counter GrainCallRetries = Metrics.CreateCounter(
        "traceflow_grain_call_retries_total",
        "Grain calls retried because the silo of the activation was gone (killed or unreachable), by operation (ingest, query, handover, loss_ledger).",
        "operation");

    public static readonly Counter TracesLost = Metrics.CreateCounter(
        "traceflow_traces_lost_total",
        "Undecided traces lost, by reason (silo_failure: live on a silo that died, as it last reported them; an upper bound). Counted by one surviving silo.",
        "reason");

    public static readonly Counter SpansLost = Metrics.CreateCounter(
        "traceflow_spans_lost_total",
        "Spans of undecided traces lost, by reason (silo_failure: buffered on a silo that died, as it last reported them; an upper bound).",
        "reason");

    public static void Drop(string reason, long spans)
    {
        if (spans > 0)
        {
            SpansDropped.WithLabels(reason).Inc(spans);
        }
    }
}
