namespace TraceFlow.Grains.Stats;

/// <summary>Counts and span-duration histogram of one service, and of each of its operations.</summary>
[GenerateSerializer, Alias("TraceFlow.ServiceStatistics")]
public sealed class ServiceStatistics
{
    [Id(0)] public OperationStatistics Totals { get; private set; } = new();

    [Id(1)] public Dictionary<string, OperationStatistics> Operations { get; private set; } = new(StringComparer.Ordinal);

    public void Record(string operation, double durationMs, bool isError, StatsLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Totals.Record(durationMs, isError);
        OperationFor(operation, limits).Record(durationMs, isError);
    }

    public void Merge(ServiceStatistics other, StatsLimits limits)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(limits);
        Totals.Merge(other.Totals);
        foreach (var (operation, stats) in other.Operations)
        {
            OperationFor(operation, limits).Merge(stats);
        }
    }

    private OperationStatistics OperationFor(string operation, StatsLimits limits)
    {
        if (!Operations.TryGetValue(operation, out var stats))
        {
            var key = Operations.Count < limits.MaxOperationsPerService ? operation : StatsLimits.OverflowKey;
            stats = CollectionsMarshalExtensions.GetOrAdd(Operations, key);
        }

        return stats;
    }
}
