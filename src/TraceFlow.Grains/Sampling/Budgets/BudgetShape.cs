using System.Globalization;
using System.Text;

namespace TraceFlow.Grains.Sampling.Budgets;

/// <summary>
/// The limits of one rate budget, cluster-wide: spans per second in all, and optionally per
/// partition, either named up front (a composite's sub-policies, each with its allocation) or
/// made up as they come (root services, each with the same limit). Two policies with the same
/// name and the same shape share one budget, so a configuration reload keeps its state; a new
/// shape is a new budget.
/// </summary>
public sealed class BudgetShape
{
    public BudgetShape(long limit, long perPartitionLimit = 0, IReadOnlyDictionary<string, long>? fixedPartitions = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(perPartitionLimit);
        Limit = limit;
        PerPartitionLimit = perPartitionLimit;
        FixedPartitions = fixedPartitions is null
            ? new Dictionary<string, long>(StringComparer.Ordinal)
            : new Dictionary<string, long>(fixedPartitions, StringComparer.Ordinal);
        var signature = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{limit}");
        if (perPartitionLimit > 0)
        {
            signature.Append(CultureInfo.InvariantCulture, $";each={perPartitionLimit}");
        }

        foreach (var (name, partitionLimit) in FixedPartitions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            signature.Append(CultureInfo.InvariantCulture, $";{name}={partitionLimit}");
        }

        Signature = signature.ToString();
    }

    /// <summary>Spans per second across the cluster.</summary>
    public long Limit { get; }

    /// <summary>Spans per second for each partition made up as it comes (0: such partitions take nothing).</summary>
    public long PerPartitionLimit { get; }

    /// <summary>Partitions named up front, with their own limits.</summary>
    public IReadOnlyDictionary<string, long> FixedPartitions { get; }

    /// <summary>The limits as text: equal shapes have equal signatures.</summary>
    public string Signature { get; }

    public long LimitOf(string partition) =>
        FixedPartitions.TryGetValue(partition, out var limit) ? limit : PerPartitionLimit;

    public override string ToString() => Signature;
}
