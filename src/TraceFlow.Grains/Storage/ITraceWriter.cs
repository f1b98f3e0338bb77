namespace TraceFlow.Grains.Storage;

/// <summary>
/// Writes kept traces to a store. Writes are idempotent (a retried batch or late spans of a
/// stored trace never duplicate spans) and the returned task completes only once the
/// traces are stored.
/// </summary>
public interface ITraceWriter
{
    Task WriteAsync(IReadOnlyList<StoredTrace> traces, CancellationToken cancellationToken);
}
