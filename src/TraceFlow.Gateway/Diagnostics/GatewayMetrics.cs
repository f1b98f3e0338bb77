using Prometheus;

namespace TraceFlow.Gateway.Diagnostics;

/// <summary>The gateway's ingest metrics on /metrics (request durations come from prometheus-net's HTTP middleware).</summary>
public static class GatewayMetrics
{
    public static readonly Counter SpansAccepted = Metrics.CreateCounter(
        "traceflow_ingest_spans_accepted_total", "Spans accepted by ingest, by protocol.", "protocol");

    public static readonly Counter SpansRejected = Metrics.CreateCounter(
        "traceflow_ingest_spans_rejected_total", "Spans refused by ingest, by protocol and reason.", "protocol", "reason");

    public static readonly Counter RequestsRejected = Metrics.CreateCounter(
        "traceflow_ingest_requests_rejected_total", "Whole ingest requests refused, by protocol and reason.", "protocol", "reason");

    public static readonly Counter AttributesTruncated = Metrics.CreateCounter(
        "traceflow_ingest_attributes_truncated_total", "Attribute values or status messages cut, or attributes dropped, to fit the limits.");

    public static readonly Counter EventsTruncated = Metrics.CreateCounter(
        "traceflow_ingest_events_truncated_total", "Span events dropped beyond the per-span limit, by protocol.", "protocol");

    public static readonly Counter LinksTruncated = Metrics.CreateCounter(
        "traceflow_ingest_links_truncated_total", "Span links dropped beyond the per-span limit, by protocol.", "protocol");

    public static readonly Gauge IngestInFlightRequests = Metrics.CreateGauge(
        "traceflow_ingest_in_flight_requests", "Ingest requests admitted and not yet answered.");

    public static readonly Gauge IngestConcurrencyLimit = Metrics.CreateGauge(
        "traceflow_ingest_concurrency_limit", "Ingest requests admitted at once now: lowered while dispatch takes longer than TraceFlow:Admission:TargetDispatchTime.");

    public static readonly Gauge MemoryPressure = Metrics.CreateGauge(
        "traceflow_memory_pressure", "0 below the soft memory limit, 1 above it (ingest shed), 2 at the ceiling (shed and collecting).");

    public static readonly Gauge MemoryCeiling = Metrics.CreateGauge(
        "traceflow_memory_ceiling_bytes", "The working set the gateway process is kept under (TraceFlow:Admission).");

    public static readonly Gauge MemorySoftLimit = Metrics.CreateGauge(
        "traceflow_memory_soft_limit_bytes", "From this working set on, ingest is shed.");

    public static void AcceptSpans(string protocol, long count) => SpansAccepted.WithLabels(protocol).Inc(count);

    /// <summary>Counts what the trace grains did with a request's spans: accepted, or refused and why.</summary>
    public static void CountDispatched(string protocol, Ingest.DispatchResult dispatched)
    {
        ArgumentNullException.ThrowIfNull(dispatched);
        AcceptSpans(protocol, dispatched.Accepted);
        RejectSpans(protocol, "trace_too_large", dispatched.TooLarge);
        RejectSpans(protocol, "overloaded", dispatched.Refused);
        RejectSpans(protocol, "tenant_live_traces", dispatched.TenantRefused);
    }

    public static void RejectSpans(string protocol, string reason, long count)
    {
        if (count > 0)
        {
            SpansRejected.WithLabels(protocol, reason).Inc(count);
        }
    }

    public static void TruncateEvents(string protocol, long count)
    {
        if (count > 0)
        {
            EventsTruncated.WithLabels(protocol).Inc(count);
        }
    }

    public static void TruncateLinks(string protocol, long count)
    {
        if (count > 0)
        {
            LinksTruncated.WithLabels(protocol).Inc(count);
        }
    }

    public static void RejectRequest(string protocol, string reason) => RequestsRejected.WithLabels(protocol, reason).Inc();
}
