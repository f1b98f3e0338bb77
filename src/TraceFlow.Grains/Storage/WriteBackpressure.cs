using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// Whether any store behind this silo is backed up. Trace grains ask before admitting a new
/// trace: refusing it (503, retryable) while storage catches up is better than accepting
/// spans whose kept traces would later have nowhere to go.
/// </summary>
public sealed class WriteBackpressure(IEnumerable<IWriteBackpressureSource> sources, LiveTraceLimiter liveTraces)
{
    private readonly IWriteBackpressureSource[] sources = [.. sources];

    public bool Saturated
    {
        get
        {
            foreach (var source in sources)
            {
                if (source.Saturated(liveTraces.Live, liveTraces.LiveSpans))
                {
                    GrainsMetrics.StorageBackpressure.Inc();
                    return true;
                }
            }

            return false;
        }
    }
}
