namespace TraceFlow.Grains.Sampling.Budgets;

/// <summary>
/// This silo's side of one rate budget: the spans it may keep in the current second (its share
/// of the cluster-wide limit, in all and per partition) and what it wanted (its demand), which
/// the exchange reports to the budget's grain about once a second. Until its first grant a
/// silo holds a conservative share, the limit divided by the active silos. Windows are whole
/// Unix seconds of the injected clock, as the Collector's <c>rate_limiting</c> counts them.
/// </summary>
/// <remarks>
/// <see cref="TryTake"/> is the hot path: one short lock, no allocation once a partition is
/// known, never a grain call. Partitions made up as they come (root services) are capped at
/// <see cref="MaxPartitions"/>; any more share the <see cref="OverflowPartition"/>, and one
/// idle for <see cref="IdleReportsBeforeEviction"/> exchanges is forgotten.
/// </remarks>
public sealed class RateBudget
{
    public const int MaxPartitions = 1000;
    public const string OverflowPartition = "(other)";
    public const int IdleReportsBeforeEviction = 30;

    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly ShareMetric metric;
    private readonly Dictionary<string, Partition> partitions = new(StringComparer.Ordinal);
    private int silos;
    private long window = long.MinValue;
    private long used;
    private long demand;
    private long share;
    private DateTimeOffset? grantedAt;
    private long exchanges;

    internal RateBudget(string name, BudgetShape shape, TimeProvider time, int silos, ShareMetric metric)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(time);
        Name = name;
        Shape = shape;
        this.time = time;
        this.metric = metric;
        this.silos = Math.Max(1, silos);
        share = Conservative(shape.Limit);
        foreach (var (partition, limit) in shape.FixedPartitions)
        {
            partitions[partition] = new Partition(Conservative(limit), isFixed: true);
        }

        metric.Set(share);
    }

    /// <summary>The policy's name (nested policies: the names on the way down, joined by '/').</summary>
    public string Name { get; }

    public BudgetShape Shape { get; }

    /// <summary>The key of the budget's grain: the name and the shape.</summary>
    public string Key => $"{Name}|{Shape.Signature}";

    /// <summary>Spans this silo may keep per second, in all.</summary>
    public long Share
    {
        get
        {
            lock (gate)
            {
                return share;
            }
        }
    }

    /// <summary>Whether the share came from the budget's grain (rather than the conservative start).</summary>
    public bool Granted
    {
        get
        {
            lock (gate)
            {
                return grantedAt is not null;
            }
        }
    }

    /// <summary>Grants applied so far.</summary>
    public long Exchanges => Interlocked.Read(ref exchanges);

    /// <summary>Spans this silo may keep per second in <paramref name="partition"/>, or null when it holds none.</summary>
    public long? ShareOf(string partition)
    {
        lock (gate)
        {
            return partitions.TryGetValue(partition, out var p) ? p.Share : null;
        }
    }

    /// <summary>
    /// Takes <paramref name="spans"/> from the current second's share (and from
    /// <paramref name="partition"/>'s, when given) if both still have room; counts them as
    /// demand either way. A trace that does not fit takes nothing, so a smaller one still may.
    /// </summary>
    public bool TryTake(int spans, string? partition = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spans);
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        lock (gate)
        {
            if (second != window)
            {
                window = second;
                used = 0;
            }

            demand += spans;
            Partition? part = null;
            if (partition is not null)
            {
                part = PartitionOf(partition);
                if (part.Window != second)
                {
                    part.Window = second;
                    part.Used = 0;
                }

                part.Demand += spans;
            }

            if (used + spans > share || (part is not null && part.Used + spans > part.Share))
            {
                return false;
            }

            used += spans;
            if (part is not null)
            {
                part.Used += spans;
            }

            return true;
        }
    }

    /// <summary>The report for the period just ended; demand starts again from zero.</summary>
    internal BudgetReport TakeReport(string silo)
    {
        lock (gate)
        {
            var reports = new List<PartitionReport>(partitions.Count);
            List<string>? idle = null;
            foreach (var (name, p) in partitions)
            {
                if (!p.IsFixed)
                {
                    p.IdleReports = p.Demand == 0 ? p.IdleReports + 1 : 0;
                    if (p.IdleReports >= IdleReportsBeforeEviction)
                    {
                        (idle ??= []).Add(name);
                        continue;
                    }
                }

                reports.Add(new PartitionReport(name, Shape.LimitOf(name), p.Demand, p.Share));
                p.Demand = 0;
            }

            idle?.ForEach(name => partitions.Remove(name));
            var report = new BudgetReport(silo, Shape.Limit, demand, share, [.. reports]);
            demand = 0;
            return report;
        }
    }

    /// <summary>Takes the shares the budget's grain gave; partitions it did not mention keep theirs.</summary>
    internal void Apply(BudgetGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        lock (gate)
        {
            share = grant.Share;
            grantedAt = time.GetUtcNow();
            foreach (var partitionShare in grant.Partitions)
            {
                if (partitions.TryGetValue(partitionShare.Name, out var p))
                {
                    p.Share = partitionShare.Share;
                    p.Granted = true;
                }
            }
        }

        Interlocked.Increment(ref exchanges);
        metric.Set(grant.Share);
    }

    /// <summary>
    /// The active silos changed: shares not granted yet follow the new equal split. After a
    /// lease without a grant (the grain unreachable), granted shares fall back to at most that
    /// split, since the grain will have given away what this silo did not renew.
    /// </summary>
    internal void Refresh(int activeSilos)
    {
        long current;
        lock (gate)
        {
            silos = Math.Max(1, activeSilos);
            var lapsed = grantedAt is { } at && time.GetUtcNow() - at > RateBudgetRegistry.Lease;
            if (grantedAt is null)
            {
                share = Conservative(Shape.Limit);
            }
            else if (lapsed)
            {
                share = Math.Min(share, Conservative(Shape.Limit));
                grantedAt = null;
            }

            foreach (var (name, p) in partitions)
            {
                if (!p.Granted)
                {
                    p.Share = Conservative(Shape.LimitOf(name));
                }
                else if (lapsed)
                {
                    p.Share = Math.Min(p.Share, Conservative(Shape.LimitOf(name)));
                    p.Granted = false;
                }
            }

            current = share;
        }

        metric.Set(current);
    }

    private long Conservative(long limit) => limit / silos;

    private Partition PartitionOf(string name)
    {
        if (partitions.TryGetValue(name, out var p))
        {
            return p;
        }

        if (partitions.Count >= MaxPartitions + Shape.FixedPartitions.Count)
        {
            name = OverflowPartition;
            if (partitions.TryGetValue(name, out p))
            {
                return p;
            }
        }

        partitions[name] = p = new Partition(Conservative(Shape.LimitOf(name)), isFixed: false);
        return p;
    }

    private sealed class Partition(long share, bool isFixed)
    {
        public bool IsFixed { get; } = isFixed;

        public long Share { get; set; } = share;

        public bool Granted { get; set; }

        public long Window { get; set; } = long.MinValue;

        public long Used { get; set; }

        public long Demand { get; set; }

        public int IdleReports { get; set; }
    }
}
