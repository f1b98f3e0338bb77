using Microsoft.Extensions.Options;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Traces;

public sealed class DecisionCacheTests
{
    [Fact]
    public void BeyondCapacity_EachKindForgetsItsOwnOldestDecision()
    {
        var cache = new DecisionCache(Options.Create(new TraceGrainOptions { KeptDecisionCacheSize = 2, DroppedDecisionCacheSize = 1 }));
        cache.Remember("default/a", new SamplingDecision(true, "error"));
        cache.Remember("default/b", new SamplingDecision(false, "probabilistic"));
        cache.Remember("default/c", new SamplingDecision(true, "latency"));
        cache.Remember("default/d", new SamplingDecision(false, "probabilistic"));

        // Two keeps fit; the second drop pushed out the first, never a keep.
        Assert.Equal("error", cache.Find("default/a")?.Policy);
        Assert.Null(cache.Find("default/b"));
        Assert.Equal("latency", cache.Find("default/c")?.Policy);
        Assert.Equal(new SamplingDecision(false, "probabilistic"), cache.Find("default/d"));

        cache.Remember("default/e", new SamplingDecision(true, "error"));
        Assert.Null(cache.Find("default/a"));
    }
}
