using System.Diagnostics.Metrics;

namespace TraceFlow.Sdk.Export;

/// <summary>The SDK's own counters, on the <c>TraceFlow.Sdk</c> meter, tagged with the service name.</summary>
internal static class SdkMetrics
{
    public const string MeterName = "TraceFlow.Sdk";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Exported = Meter.CreateCounter<long>("traceflow.sdk.spans.exported", "{span}", "Spans the collector accepted.");
    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("traceflow.sdk.spans.dropped", "{span}", "Spans not delivered, by reason.");
    private static readonly Counter<long> Retries = Meter.CreateCounter<long>("traceflow.sdk.export.retries", "{request}", "Batches sent again after a retryable failure.");

    public static void CountExported(string service, long count) =>
        Exported.Add(count, new KeyValuePair<string, object?>("service.name", service));

    public static void CountDropped(string service, string reason, long count) =>
        Dropped.Add(count, new KeyValuePair<string, object?>("service.name", service), new KeyValuePair<string, object?>("reason", reason));

    public static void CountRetry(string service) =>
        Retries.Add(1, new KeyValuePair<string, object?>("service.name", service));
}
