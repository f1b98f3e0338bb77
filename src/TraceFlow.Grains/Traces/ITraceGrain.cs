namespace TraceFlow.Grains.Traces;

/// <summary>
/// One live trace, keyed by <see cref="TraceKey"/>. It buffers spans until the trace has
/// been quiet for the decision wait, then runs tail sampling once.
/// </summary>
[Alias("TraceFlow.ITraceGrain")]
public interface ITraceGrain : IGrainWithStringKey
{
    /// <summary>Adds the spans of this trace from one ingest request.</summary>
    [Alias("AddSpans")]
    Task<SpanBatchResult> AddSpansAsync(SpanBatch batch);
}
