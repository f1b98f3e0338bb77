namespace TraceFlow.Sdk.Export;

/// <summary>What the collector did with one batch.</summary>
public enum ExportStatus
{
    /// <summary>Accepted (some spans may have been refused one by one; see <see cref="ExportResult.RejectedSpans"/>).</summary>
    Success,

    /// <summary>Overloaded or unreachable (429, 502–504, network error, timeout): send again later.</summary>
    Retryable,

    /// <summary>The batch is larger than the collector accepts (413): send it in smaller parts.</summary>
    TooLarge,

    /// <summary>Refused for good (other 4xx): sending it again would fail the same way.</summary>
    Rejected,
}

/// <param name="RejectedSpans">Spans the collector refused as invalid.</param>
/// <param name="RetryAfter">The collector's <c>Retry-After</c>, when it gave one.</param>
/// <param name="Error">Why the batch failed, for the log.</param>
public readonly record struct ExportResult(ExportStatus Status, int RejectedSpans = 0, TimeSpan? RetryAfter = null, string? Error = null);
