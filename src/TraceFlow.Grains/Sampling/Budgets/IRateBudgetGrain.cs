namespace TraceFlow.Grains.Sampling.Budgets;

/// <summary>
/// Shares one rate budget (keyed by policy name and shape) among the silos that use it: each
/// silo reports its demand about once a second and gets back its share of the limit.
/// </summary>
[Alias("TraceFlow.IRateBudgetGrain")]
public interface IRateBudgetGrain : IGrainWithStringKey
{
    /// <summary>Takes the silo's report for the period just ended and returns its share for the next.</summary>
    [Alias("Exchange")]
    Task<BudgetGrant> ExchangeAsync(BudgetReport report);
}
