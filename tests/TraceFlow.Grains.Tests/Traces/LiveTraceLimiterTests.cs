using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Traces;

public sealed class LiveTraceLimiterTests
{
    [Fact]
    public void TryEnter_AtTheLimit_RefusesAndCountsUntilATraceIsDecided()
    {
        var limiter = new LiveTraceLimiter(Options.Create(new TraceGrainOptions { MaxLiveTraces = 2 }));
        var refusedBefore = GrainsMetrics.TracesRefused.Value;

        Assert.True(limiter.TryEnter());
        Assert.True(limiter.TryEnter());
        Assert.False(limiter.TryEnter());
        Assert.Equal(2, limiter.Live);
        limiter.Exit();
        Assert.True(limiter.TryEnter());

        Assert.Equal(1, GrainsMetrics.TracesRefused.Value - refusedBefore);
    }
}
