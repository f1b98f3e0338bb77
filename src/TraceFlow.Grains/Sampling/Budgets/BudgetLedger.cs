namespace TraceFlow.Grains.Sampling.Budgets;

/// <summary>
/// How one limit is shared among silos, kept by the budget's grain. A silo's target is the
/// limit in proportion to its demand last period (an equal split while nobody wants anything),
/// rounded down. Its grant is the target, but a silo grows only into room the others do not
/// hold, while it may always keep what it already holds: so the shares held across the cluster
/// never add up to more than the limit, and a shift in demand moves shares within two
/// exchanges (the silo that wants less gives up its share at its next exchange, the one that
/// wants more takes it at its next). Silos not heard from for a lease are taken to be gone.
/// </summary>
/// <remarks>
/// A new activation (its silo died, or it was collected) knows no shares, so for its first
/// lease it lets silos keep at most what they say they hold: by then every live silo has
/// reported and the ledger knows what is held again.
/// </remarks>
internal sealed class BudgetLedger
{
    private readonly Dictionary<string, Entry> silos = new(StringComparer.Ordinal);

    public int Count => silos.Count;

    /// <summary>The sum of the shares the silos hold.</summary>
    public long Held => silos.Values.Sum(e => e.Held);

    /// <param name="silo">Who asks.</param>
    /// <param name="demand">Spans it wanted last period.</param>
    /// <param name="held">The share it holds now (granted, or its conservative start).</param>
    /// <param name="limit">The limit to share.</param>
    /// <param name="now">The grain's clock.</param>
    /// <param name="warmingUp">The ledger was just created and cannot know yet what everybody holds.</param>
    /// <param name="lease">How long a silo's share stands without a report.</param>
    public long Grant(string silo, long demand, long held, long limit, DateTimeOffset now, bool warmingUp, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(silo);
        Expire(now - lease, silo);
        if (!silos.TryGetValue(silo, out var entry))
        {
            silos[silo] = entry = new Entry();
        }

        entry.Demand = Math.Max(0, demand);
        entry.Held = Math.Max(0, held);
        entry.LastSeen = now;

        long totalDemand = 0, othersHold = 0;
        foreach (var (name, other) in silos)
        {
            totalDemand += other.Demand;
            othersHold += name == silo ? 0 : other.Held;
        }

        var target = totalDemand == 0 ? limit / silos.Count : (long)((Int128)limit * entry.Demand / totalDemand);
        var room = limit - othersHold;
        var grant = warmingUp ? Math.Min(target, entry.Held) : Math.Min(target, Math.Max(room, entry.Held));
        entry.Held = Math.Clamp(grant, 0, limit);
        return entry.Held;
    }

    /// <summary>The silo holds nothing of this limit any more (it stopped reporting the partition).</summary>
    public void Remove(string silo) => silos.Remove(silo);

    /// <summary>Forgets silos not heard from since <paramref name="cutoff"/> (but never <paramref name="asking"/>).</summary>
    public void Expire(DateTimeOffset cutoff, string? asking = null)
    {
        List<string>? gone = null;
        foreach (var (name, entry) in silos)
        {
            if (name != asking && entry.LastSeen < cutoff)
            {
                (gone ??= []).Add(name);
            }
        }

        gone?.ForEach(name => silos.Remove(name));
    }

    private sealed class Entry
    {
        public long Demand { get; set; }

        public long Held { get; set; }

        public DateTimeOffset LastSeen { get; set; }
    }
}
