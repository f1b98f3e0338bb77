using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Tenants;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// Counts the silo's undecided traces, oldest first. A new trace beyond
/// <see cref="TraceGrainOptions.MaxLiveTraces"/> forces the oldest one to be decided now (as the
/// Collector does past <c>num_traces</c>) and is admitted while those decisions are under way, up
/// to <see cref="TraceGrainOptions.ForcedDecisionHeadroom"/> more; past that it is refused, so
/// memory stays bounded even when decisions fall behind. With
/// <see cref="TraceGrainOptions.DecideOldestWhenFull"/> off, new traces past the limit are refused.
/// A tenant at its own <see cref="TenantLimits.MaxLiveTraces"/> is refused without forcing anyone's
/// decision: one tenant's flood must not cut other tenants' traces short.
/// </summary>
public sealed class LiveTraceLimiter(IOptions<TraceGrainOptions> options, IOptions<TenantLimitsOptions> tenantLimits)
{
    private readonly int limit = options.Value.MaxLiveTraces;
    private readonly bool decideOldest = options.Value.DecideOldestWhenFull;
    private readonly long hardLimit = (long)options.Value.MaxLiveTraces + (options.Value.DecideOldestWhenFull ? options.Value.ForcedDecisionHeadroom : 0);
    private readonly TenantLimitsOptions tenants = tenantLimits.Value;
    private readonly bool countTenants = tenantLimits.Value.LimitsLiveTraces;
    private readonly Lock gate = new();

    /// <summary>Live traces per tenant, kept only when some tenant has a limit; a tenant leaves it at zero.</summary>
    private readonly Dictionary<string, int> liveByTenant = new(StringComparer.Ordinal);

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

    /// <summary>Admits <paramref name="trace"/> of <paramref name="tenant"/>: its place to give back to <see cref="Exit"/>, or why it was refused.</summary>
    public LiveTraceEntry TryEnter(ILiveTrace trace, string tenant)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(tenant);
        ILiveTrace? oldest = null;
        LinkedListNode<ILiveTrace>? place = null;
        lock (gate)
        {
            if (countTenants && tenants.MaxLiveTracesOf(tenant) is { } tenantLimit && liveByTenant.GetValueOrDefault(tenant) >= tenantLimit)
            {
                return LiveTraceEntry.TenantFull;
            }

            if (decideOldest && live >= limit && oldestFirst.First is { } first)
            {
                oldest = first.Value;
                oldestFirst.RemoveFirst();
            }

            if (live < hardLimit)
            {
                live++;
                place = oldestFirst.AddLast(trace);
                if (countTenants)
                {
                    liveByTenant[tenant] = liveByTenant.GetValueOrDefault(tenant) + 1;
                }
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
            return LiveTraceEntry.SiloFull;
        }

        GrainsMetrics.LiveTraces.Inc();
        return new LiveTraceEntry(place);
    }

    public void Exit(LinkedListNode<ILiveTrace> place, string tenant)
    {
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(tenant);
        lock (gate)
        {
            if (place.List is not null)
            {
                oldestFirst.Remove(place);
            }

            live--;
            if (countTenants && liveByTenant.TryGetValue(tenant, out var count))
            {
                if (count > 1)
                {
                    liveByTenant[tenant] = count - 1;
                }
                else
                {
                    liveByTenant.Remove(tenant);
                }
            }
        }

        GrainsMetrics.LiveTraces.Dec();
    }
}
