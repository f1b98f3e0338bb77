using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Sampling.Budgets;
using TraceFlow.Grains.Tests.Infrastructure;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Sampling;

/// <summary><c>rate_limiting</c> across two silos: the limit is the cluster's, not each silo's.</summary>
[Collection(RateLimitClusterCollection.Name)]
public sealed class RateLimitingClusterTests(RateLimitClusterFixture fixture)
{
    private const long Limit = RateLimitClusterFixture.SpansPerSecond;
    private const int TracesPerRound = 60;

    [Fact]
    public async Task RateLimiting_TwoSilosTogether_KeepAboutTheLimit_NotTwiceIt()
    {
        await ExchangeAsync(rounds: 4); // past the budget grain's warm-up: every silo holds a granted share

        var first = await KeptInOneSecondAsync();
        await ExchangeAsync(rounds: 2); // shares now follow the demand each silo reported
        var second = await KeptInOneSecondAsync();

        // Without the cluster-wide budget each silo would keep up to the limit: 2 × 10.
        Assert.InRange(first.Kept, Limit - 2, Limit);
        Assert.InRange(second.Kept, Limit - 2, Limit);
        Assert.All(first.PerSilo.Concat(second.PerSilo), n => Assert.True(n > 0, $"each silo kept some: {first} then {second}"));
        var budgets = Budgets();
        Assert.All(budgets, b => Assert.True(b.Granted));
        Assert.InRange(budgets.Sum(b => b.Share), Limit - 2, Limit);
    }

    private List<RateBudget> Budgets() =>
        [.. fixture.AllSiloServices<RateBudgetRegistry>().Select(r => r.Live().Single(b => b.Name == RateLimitClusterFixture.PolicyName))];

    /// <summary>Moves the clock a period at a time, each time until every silo has applied its new share.</summary>
    private async Task ExchangeAsync(int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            var before = Budgets().Select(b => b.Exchanges).ToList();
            await fixture.AdvanceAsync(RateBudgetRegistry.Period);
            await Poll.UntilAsync(
                () => Task.FromResult(Budgets().Select(b => b.Exchanges).ToList()),
                after => after.Zip(before).All(p => p.First > p.Second),
                "every silo to exchange its rate budget");
        }
    }

    /// <summary>Sends single-span traces just after a whole second and lets them all be decided within it.</summary>
    private async Task<(long Kept, IReadOnlyList<long> PerSilo)> KeptInOneSecondAsync()
    {
        var now = fixture.Clock.GetUtcNow();
        await fixture.AdvanceAsync(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(now.Ticks % TimeSpan.TicksPerSecond) + TimeSpan.FromMilliseconds(50));
        var traceIds = Enumerable.Range(0, TracesPerRound).Select(_ => NewTraceId()).ToList();
        await Task.WhenAll(traceIds.Select(id => fixture.SendAsync(Span(id, "root"))));

        await fixture.AdvanceAsync(RateLimitClusterFixture.DecisionWait + TimeSpan.FromMilliseconds(150)); // still the same second
        var decisions = await Poll.UntilAsync(
            () => Task.FromResult(traceIds.Select(fixture.FindDecision).ToList()),
            all => all.All(d => d is not null),
            "every trace to be decided");

        Assert.All(decisions, d => Assert.Equal(RateLimitClusterFixture.PolicyName, d!.Policy));
        var keys = traceIds.Where((_, i) => decisions[i]!.Keep).Select(id => new Grains.Traces.TraceKey(Grains.Traces.TraceKey.DefaultTenant, id).ToString()).ToList();
        var perSilo = fixture.AllSiloServices<Grains.Traces.DecisionCache>().Select(c => (long)keys.Count(k => c.Find(k) is not null)).ToList();
        return (keys.Count, perSilo);
    }
}
