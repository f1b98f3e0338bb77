using TraceFlow.Grains.Storage;

namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>
/// The silo's trace writer when ClickHouse is on: kept traces go to the ClickHouse sink, and,
/// while queries are answered from memory, to the in-memory store as well. The sink is never
/// waited on, so a slow or absent ClickHouse cannot hold up the in-memory store; it applies
/// backpressure to ingest instead (see <see cref="ClickHouseSink"/>).
/// </summary>
public sealed class ClickHouseTraceWriter(ClickHouseSink sink, ITraceWriter? memory) : ITraceWriter
{
    public async Task WriteAsync(IReadOnlyList<StoredTrace> traces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traces);
        foreach (var trace in traces)
        {
            sink.Enqueue(trace);
        }

        if (memory is not null)
        {
            await memory.WriteAsync(traces, cancellationToken);
        }
    }
}
