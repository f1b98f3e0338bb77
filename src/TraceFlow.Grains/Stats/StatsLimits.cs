namespace TraceFlow.Grains.Stats;

/// <summary>
/// Cardinality caps for statistics: names beyond the caps are counted under
/// <see cref="OverflowKey"/>, so a flood of distinct names cannot exhaust memory.
/// </summary>
public sealed record StatsLimits(int MaxServices, int MaxOperationsPerService)
{
    public const string OverflowKey = "__other__";
}
