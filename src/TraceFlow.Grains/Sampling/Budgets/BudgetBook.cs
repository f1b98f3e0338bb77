using System.Collections.Immutable;

namespace TraceFlow.Grains.Sampling.Budgets;

/// <summary>
/// All the <see cref="BudgetLedger"/>s of one rate budget, as its grain keeps them: one for the
/// whole limit and one per partition some silo reports (at most <see cref="MaxPartitions"/>; a
/// partition beyond that gets no grant, and its silos keep their conservative share).
/// </summary>
internal sealed class BudgetBook
{
    public const int MaxPartitions = RateBudget.MaxPartitions + 1;

    private readonly BudgetLedger total = new();
    private readonly Dictionary<string, BudgetLedger> partitions = new(StringComparer.Ordinal);

    public int PartitionCount => partitions.Count;

    public BudgetGrant Exchange(BudgetReport report, DateTimeOffset now, bool warmingUp)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lease = RateBudgetRegistry.Lease;
        var share = total.Grant(report.Silo, report.Demand, report.Held, report.Limit, now, warmingUp, lease);

        var shares = ImmutableArray.CreateBuilder<PartitionShare>(report.Partitions.Length);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var partition in report.Partitions)
        {
            if (!partitions.TryGetValue(partition.Name, out var ledger))
            {
                if (partitions.Count >= MaxPartitions)
                {
                    continue;
                }

                partitions[partition.Name] = ledger = new BudgetLedger();
            }

            reported.Add(partition.Name);
            shares.Add(new PartitionShare(partition.Name, ledger.Grant(report.Silo, partition.Demand, partition.Held, partition.Limit, now, warmingUp, lease)));
        }

        // A partition the silo left out is one it gave up (idle): its share is free for others.
        foreach (var (name, ledger) in partitions.Where(p => !reported.Contains(p.Key)).ToList())
        {
            ledger.Remove(report.Silo);
            ledger.Expire(now - lease);
            if (ledger.Count == 0)
            {
                partitions.Remove(name);
            }
        }

        return new BudgetGrant(share, shares.ToImmutable());
    }
}
