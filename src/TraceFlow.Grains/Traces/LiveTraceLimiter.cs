using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// Counts the silo's undecided traces, oldest first. A new trace beyond
/// <see cref="TraceGrainOptions.MaxLiveTraces"/> forces the oldest one to be decided now (as the
/// Collector does past <c>num_traces</c>) and is admitted while those decisions are under way, up
/// to <see cref="TraceGrainOptions.ForcedDecisionHeadroom"/> more; past that it is refused, so
/// memory stays bounded even when decisions fall behind. With
/// <see cref="TraceGrainOptions.DecideOldestWhenFull"/> off, new traces past the limit are refused.
/// </summary>
public sealed class LiveTraceLimiter(IOptions<TraceGrainOptions> options)
{
    private readonly int limit = options.Value.MaxLiveTraces;
    private readonly bool decideOldest = options.Value.DecideOldestWhenFull;
    private readonly long hardLimit = (long)options.Value.MaxLiveTraces + (options.Value.DecideOldestWhenFull ? options.Value.ForcedDecisionHeadroom : 0);
    private readonly Lock gate = new();

    /// <summary>Live traces not yet told to decide, oldest first.</summary>
    private readonly LinkedList<ILiveTrace> oldestFirst = new();
    private int live;
    private long liveSpans;

    public int Live => Volatile.Read(ref live);

    /// <summary>Spans buffered in the silo's undecided traces (what storage may yet have to take).</summary>
    public long LiveSpans => Interlocked.Read(ref liveSpans);

    /// <summary>Counts spans a live trace took in (positive) or let go when decided (negative).</summary>
    public void CountSpans(long spans)
    {
        Interlocked.Add(ref liveSpans, spans);
        GrainsMetrics.LiveSpans.Inc(spans);
    }

    /// <summary>Admits <paramref name="trace"/>, returning its place to give back to <see cref="Exit"/>; null when refused.</summary>
    public LinkedListNode<ILiveTrace>? TryEnter(ILiveTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ILiveTrace? oldest = null;
        LinkedListNode<ILiveTrace>? place = null;
        lock (gate)
        {
            if (decideOldest && live >= limit && oldestFirst.First is { } first)
            {
                oldest = first.Value;
                oldestFirst.RemoveFirst();
            }

            if (live < hardLimit)
            {
                live++;
                place = oldestFirst.AddLast(trace);
            }
        }

        if (oldest is not null)
        {
            GrainsMetrics.ForcedDecisions.Inc();
            oldest.ForceDecision();
        }

        if (place is null)
        {
            GrainsMetrics.TracesRefused.Inc();
            return null;
        }

        GrainsMetrics.LiveTraces.Inc();
        return place;
    }

    public void Exit(LinkedListNode<ILiveTrace> place)
    {
        ArgumentNullException.ThrowIfNull(place);
        lock (gate)
        {
            if (place.List is not null)
            {
                oldestFirst.Remove(place);
            }

            live--;
        }

        GrainsMetrics.LiveTraces.Dec();
    }
}
