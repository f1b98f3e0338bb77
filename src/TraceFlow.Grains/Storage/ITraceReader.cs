using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Storage;

/// <summary>Reads kept traces back for the query APIs.</summary>
public interface ITraceReader
{
    /// <summary>Matching trace summaries, newest first, at most <see cref="TraceQuery.Limit"/>.</summary>
    Task<IReadOnlyList<TraceSummary>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken);

    /// <summary>The whole trace, or null when no such trace is stored.</summary>
    Task<StoredTrace?> GetTraceAsync(TraceKey key, CancellationToken cancellationToken);
}
