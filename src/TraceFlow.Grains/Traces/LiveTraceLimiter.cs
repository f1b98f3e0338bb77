using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;

namespace TraceFlow.Grains.Traces;

/// <summary>Counts the silo's undecided traces and refuses new ones beyond the limit.</summary>
public sealed class LiveTraceLimiter(IOptions<TraceGrainOptions> options)
{
    private readonly int limit = options.Value.MaxLiveTraces;
    private int live;

    public int Live => Volatile.Read(ref live);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref live) > limit)
        {
            Interlocked.Decrement(ref live);
            GrainsMetrics.TracesRefused.Inc();
            return false;
        }

        GrainsMetrics.LiveTraces.Inc();
        return true;
    }

    public void Exit()
    {
        Interlocked.Decrement(ref live);
        GrainsMetrics.LiveTraces.Dec();
    }
}
