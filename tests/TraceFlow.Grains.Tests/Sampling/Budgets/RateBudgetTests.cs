using Microsoft.Extensions.Time.Testing;
using TraceFlow.Grains.Sampling.Budgets;

namespace TraceFlow.Grains.Tests.Sampling.Budgets;

/// <summary>A silo's side of a rate budget: the second's count, the share and the demand it reports.</summary>
public sealed class RateBudgetTests
{
    // Half a second into a whole second, so a test can take and advance within one window.
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 500, TimeSpan.Zero));

    private RateBudget Budget(long limit, int silos = 1) => new RateBudgetRegistry(clock, () => silos).GetOrAdd("r", new BudgetShape(limit));

    [Fact]
    public void RateBudget_TakesSpansWhileTheSecondsCountStaysWithinTheShare()
    {
        var budget = Budget(10);

        Assert.True(budget.TryTake(6));
        Assert.False(budget.TryTake(5)); // 11 would not fit...
        Assert.True(budget.TryTake(4)); // ...and took nothing, so 10 still does
        Assert.False(budget.TryTake(1));
    }

    [Fact]
    public void RateBudget_ANewSecond_StartsAFreshCount()
    {
        var budget = Budget(10);
        Assert.True(budget.TryTake(10));

        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(budget.TryTake(1));
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(budget.TryTake(10));
    }

    [Theory]
    [InlineData(100, 1, 100)]
    [InlineData(100, 2, 50)]
    [InlineData(100, 3, 33)] // rounded down: the silos together never start above the limit
    [InlineData(1, 2, 0)]
    public void RateBudget_BeforeItsFirstGrant_HoldsTheLimitDividedByTheActiveSilos(long limit, int silos, long share)
    {
        var budget = Budget(limit, silos);

        Assert.Equal(share, budget.Share);
        Assert.False(budget.Granted);
    }

    [Fact]
    public void RateBudget_Report_CarriesEverySpanWanted_KeptOrNot_AndTheDemandStartsAgain()
    {
        var budget = Budget(10);
        budget.TryTake(8);
        budget.TryTake(8);

        var report = budget.TakeReport("silo-a");

        Assert.Equal(new BudgetReport("silo-a", 10, 16, 10, []), report with { Partitions = [] });
        Assert.Equal(0, budget.TakeReport("silo-a").Demand);
    }

    [Fact]
    public void RateBudget_Grant_ReplacesTheShareAtOnce()
    {
        var budget = Budget(10, silos: 2);
        Assert.True(budget.TryTake(5));
        Assert.False(budget.TryTake(1));

        budget.Apply(new BudgetGrant(8, []));

        Assert.True(budget.Granted);
        Assert.Equal(8, budget.Share);
        Assert.True(budget.TryTake(3)); // the same second, now within 8
        Assert.False(budget.TryTake(1));
    }

    [Fact]
    public void RateBudget_WithoutAGrantForALease_FallsBackToAtMostTheEqualSplit()
    {
        var budget = Budget(100, silos: 2);
        budget.Apply(new BudgetGrant(80, []));

        budget.Refresh(2);
        Assert.Equal(80, budget.Share); // within the lease the grant stands

        clock.Advance(RateBudgetRegistry.Lease + TimeSpan.FromMilliseconds(1));
        budget.Refresh(2);

        Assert.Equal(50, budget.Share);
        Assert.False(budget.Granted);
    }

    [Fact]
    public void RateBudget_NotGrantedYet_FollowsTheActiveSilos()
    {
        var budget = Budget(90, silos: 1);

        budget.Refresh(3);

        Assert.Equal(30, budget.Share);
    }

    [Fact]
    public void Registry_SameNameAndShape_IsTheSameBudget_SoAReloadKeepsTheSecondsCount()
    {
        var registry = new RateBudgetRegistry(clock);
        var before = registry.GetOrAdd("r", new BudgetShape(10));
        before.TryTake(10);

        Assert.Same(before, registry.GetOrAdd("r", new BudgetShape(10)));
        Assert.NotSame(before, registry.GetOrAdd("r", new BudgetShape(20)));
        Assert.NotSame(before, registry.GetOrAdd("other", new BudgetShape(10)));
        Assert.False(registry.GetOrAdd("r", new BudgetShape(10)).TryTake(1));
    }
}
