namespace TraceFlow.Sdk.Export;

/// <summary>
/// What the exporter did with the spans it was given. Every span ends in exactly one of
/// <see cref="Exported"/>, <see cref="RejectedByCollector"/> or a dropped count, or is still queued.
/// </summary>
/// <param name="Enqueued">Spans accepted into the queue.</param>
/// <param name="Exported">Spans the collector accepted.</param>
/// <param name="RejectedByCollector">Spans the collector refused as invalid (never retried).</param>
/// <param name="DroppedQueueFull">Spans dropped because the queue was full (the collector was slower than the service).</param>
/// <param name="DroppedAfterRetries">Spans dropped after their batch failed every retry.</param>
/// <param name="DroppedAtShutdown">Spans still queued, or offered, when shutdown ran out of time.</param>
/// <param name="Retries">Batch sends that were retries.</param>
/// <param name="Batches">Requests sent to the collector, retries included.</param>
public readonly record struct ExporterStatistics(
    long Enqueued,
    long Exported,
    long RejectedByCollector,
    long DroppedQueueFull,
    long DroppedAfterRetries,
    long DroppedAtShutdown,
    long Retries,
    long Batches)
{
    /// <summary>Spans that left the queue one way or another.</summary>
    public long Completed => Exported + RejectedByCollector + DroppedAfterRetries + DroppedAtShutdown;
}
