namespace TraceFlow.Grains.Sampling.Budgets;

/// <summary>A silo's share of one partition's limit, in a <see cref="BudgetGrant"/>.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.PartitionShare")]
public sealed record PartitionShare([property: Id(0)] string Name, [property: Id(1)] long Share);
