using TraceFlow.Grains.Diagnostics;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// Whether any store behind this silo is backed up. Trace grains ask before admitting a new
/// trace: refusing it (503, retryable) while storage catches up is better than accepting
/// spans whose kept traces would later have nowhere to go.
/// </summary>
public sealed class WriteBackpressure(IEnumerable<IWriteBackpressureSource> sources)
{
    private readonly IWriteBackpressureSource[] sources = [.. sources];

    public bool Saturated
    {
        get
        {
            foreach (var source in sources)
            {
                if (source.Saturated)
                {
                    GrainsMetrics.StorageBackpressure.Inc();
                    return true;
                }
            }

            return false;
        }
    }
}
