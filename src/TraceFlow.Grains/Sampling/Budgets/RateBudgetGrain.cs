namespace TraceFlow.Grains.Sampling.Budgets;

/// <summary>
/// Shares one rate budget among silos through its <see cref="BudgetBook"/>. The state lives
/// only in memory: a new activation (its silo died, or it was collected when the policy went
/// away) is warming up for its first lease, rebuilding the book from the next round of reports.
/// </summary>
internal sealed class RateBudgetGrain(TimeProvider time) : Grain, IRateBudgetGrain
{
    private readonly BudgetBook book = new();
    private DateTimeOffset warmUntil;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        warmUntil = time.GetUtcNow() + RateBudgetRegistry.Lease;
        return base.OnActivateAsync(cancellationToken);
    }

    Task<BudgetGrant> IRateBudgetGrain.ExchangeAsync(BudgetReport report)
    {
        var now = time.GetUtcNow();
        return Task.FromResult(book.Exchange(report, now, warmingUp: now < warmUntil));
    }
}
