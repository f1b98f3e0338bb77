namespace TraceFlow.Grains.Sampling.Budgets;

/// <summary>One partition of a <see cref="BudgetReport"/>: its limit, the silo's demand for it last period and the share the silo holds.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.PartitionReport")]
public sealed record PartitionReport(
    [property: Id(0)] string Name,
    [property: Id(1)] long Limit,
    [property: Id(2)] long Demand,
    [property: Id(3)] long Held);
