using System.Collections.Immutable;

namespace TraceFlow.Grains.Sampling.Budgets;

/// <summary>
/// What one silo tells a budget's grain every exchange: the limits it knows, the spans it
/// wanted in the period just ended (its demand, kept or not) and the share it holds now, in all
/// and per partition. A partition left out is one the silo no longer holds.
/// </summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.BudgetReport")]
public sealed record BudgetReport(
    [property: Id(0)] string Silo,
    [property: Id(1)] long Limit,
    [property: Id(2)] long Demand,
    [property: Id(3)] long Held,
    [property: Id(4)] ImmutableArray<PartitionReport> Partitions);
