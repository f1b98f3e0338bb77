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

    public static void AcceptSpans(string protocol, long count) => SpansAccepted.WithLabels(protocol).Inc(count);

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
