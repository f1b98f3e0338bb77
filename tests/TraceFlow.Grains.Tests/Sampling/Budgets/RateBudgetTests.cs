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
    public void RateBudget_APartition_LimitsItsOwnSpansWithinTheWholeShare()
    {
        var budget = new RateBudgetRegistry(clock, () => 2).GetOrAdd("r", new BudgetShape(100, perPartitionLimit: 20));

        Assert.True(budget.TryTake(10, "noisy")); // 20 per service, halved between two silos until the first grant
        Assert.False(budget.TryTake(1, "noisy"));
        Assert.True(budget.TryTake(10, "quiet"));
        Assert.Equal(10, budget.ShareOf("noisy"));
        Assert.Null(budget.ShareOf("never-seen"));
    }

    [Fact]
    public void RateBudget_Report_CarriesEachPartitionsDemandAndShare_AndGrantsSetPartitionShares()
    {
        var budget = new RateBudgetRegistry(clock, () => 2).GetOrAdd("r", new BudgetShape(100, perPartitionLimit: 20));
        budget.TryTake(8, "noisy");
        budget.TryTake(8, "noisy");
        budget.TryTake(1, "quiet");

        var report = budget.TakeReport("silo-a");

        Assert.Equal(17, report.Demand);
        Assert.Equal([new PartitionReport("noisy", 20, 16, 10), new PartitionReport("quiet", 20, 1, 10)], report.Partitions.OrderBy(p => p.Name));

        budget.Apply(new BudgetGrant(60, [new PartitionShare("noisy", 16), new PartitionShare("quiet", 4)]));

        Assert.Equal(16, budget.ShareOf("noisy"));
        Assert.Equal(4, budget.ShareOf("quiet"));
        Assert.True(budget.TryTake(8, "noisy")); // the same second: 8 kept before the grant, 16 allowed now
        Assert.False(budget.TryTake(1, "noisy"));
    }

    [Fact]
    public void RateBudget_APartitionIdleForLong_IsForgottenAndItsShareGivenUp()
    {
        var budget = new RateBudgetRegistry(clock).GetOrAdd("r", new BudgetShape(100, perPartitionLimit: 20));
        budget.TryTake(1, "once");

        for (var i = 0; i < RateBudget.IdleReportsBeforeEviction; i++)
        {
            Assert.Contains(budget.TakeReport("silo-a").Partitions, p => p.Name == "once");
        }

        Assert.DoesNotContain(budget.TakeReport("silo-a").Partitions, p => p.Name == "once");
        Assert.Null(budget.ShareOf("once"));
    }

    [Fact]
    public void RateBudget_BeyondMaxPartitions_NewServicesShareOneOverflowPartition()
    {
        var budget = new RateBudgetRegistry(clock).GetOrAdd("r", new BudgetShape(1_000_000, perPartitionLimit: 3));
        for (var i = 0; i < RateBudget.MaxPartitions; i++)
        {
            budget.TryTake(1, $"service-{i}");
        }

        Assert.True(budget.TryTake(2, "one-too-many"));
        Assert.False(budget.TryTake(2, "two-too-many")); // both in the overflow, which has 3 like any service
        Assert.Null(budget.ShareOf("one-too-many"));
        Assert.Equal(3, budget.ShareOf(RateBudget.OverflowPartition));
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
