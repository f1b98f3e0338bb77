using System.Collections.Immutable;

namespace TraceFlow.Grains.Sampling.Budgets;

/// <summary>A silo's new share of a budget, in all and for each partition it reported.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.BudgetGrant")]
public sealed record BudgetGrant(
    [property: Id(0)] long Share,
    [property: Id(1)] ImmutableArray<PartitionShare> Partitions);
