using Microsoft.Extensions.Options;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Tenants;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Storage;

public sealed class WriteBackpressureTests
{
    [Fact]
    public void AStoreIsAskedWithWhatTheSiloHoldsUndecided()
    {
        var limiter = new LiveTraceLimiter(Options.Create(new TraceGrainOptions()), Options.Create(new TenantLimitsOptions()));
        var store = new QueueWithRoomFor(100);
        var backpressure = new WriteBackpressure([store], limiter);

        limiter.CountSpans(60);
        Assert.False(backpressure.Saturated);

        // Undecided spans that could all be kept would no longer fit: refuse new traces.
        limiter.CountSpans(40);
        Assert.True(backpressure.Saturated);

        limiter.CountSpans(-50);
        Assert.False(backpressure.Saturated);
    }

    [Fact]
    public void AnyBackedUpStore_IsEnough()
    {
        var limiter = new LiveTraceLimiter(Options.Create(new TraceGrainOptions()), Options.Create(new TenantLimitsOptions()));

        Assert.True(new WriteBackpressure([new QueueWithRoomFor(1000), new QueueWithRoomFor(0)], limiter).Saturated);
        Assert.False(new WriteBackpressure([], limiter).Saturated);
    }

    private sealed class QueueWithRoomFor(long spans) : IWriteBackpressureSource
    {
        public bool Saturated(int liveTraces, long liveSpans) => liveSpans >= spans;
    }
}
