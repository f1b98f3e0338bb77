using Microsoft.Extensions.Options;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Traces;

public sealed class DecisionCacheTests
{
    [Fact]
    public void DecisionCache_BeyondCapacity_ForgetsTheOldestDecision()
    {
        var cache = new DecisionCache(Options.Create(new TraceGrainOptions { DecisionCacheSize = 2 }));
        cache.Remember("default/a", new SamplingDecision(true, "error"));
        cache.Remember("default/b", new SamplingDecision(false, "probabilistic"));
        cache.Remember("default/c", new SamplingDecision(true, "latency"));

        Assert.Null(cache.Find("default/a"));
        Assert.Equal(new SamplingDecision(false, "probabilistic"), cache.Find("default/b"));
        Assert.Equal("latency", cache.Find("default/c")!.Policy);
    }
}
