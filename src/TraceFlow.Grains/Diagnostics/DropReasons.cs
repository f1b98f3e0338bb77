namespace TraceFlow.Grains.Diagnostics;

/// <summary>The <c>reason</c> tag values of <c>traceflow.spans.dropped</c>.</summary>
public static class DropReasons
{
    /// <summary>The trace grain already held its maximum number of spans.</summary>
    public const string TraceTooLarge = "trace_too_large";

    /// <summary>A stored trace already held its maximum number of spans.</summary>
    public const string StoredTraceTooLarge = "stored_trace_too_large";

    /// <summary>The silo's queue of kept traces waiting for storage was full.</summary>
    public const string WriteQueueFull = "write_queue_full";

    /// <summary>The silo was stopping and its write queue no longer took traces.</summary>
    public const string ShuttingDown = "shutting_down";

    /// <summary>Storage kept failing after retries.</summary>
    public const string StorageWriteFailed = "storage_write_failed";
}
