using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Traces;

public sealed class LiveTraceLimiterTests
{
    [Fact]
    public void PastTheLimit_EachNewTraceForcesTheOldestUndecidedOne()
    {
        var limiter = Limiter(maxLive: 2, headroom: 5);
        var traces = Enumerable.Range(0, 4).Select(i => new RecordingTrace(i)).ToArray();

        var places = traces.Select(limiter.TryEnter).ToArray();

        Assert.All(places, Assert.NotNull);
        Assert.Equal([1, 1, 0, 0], traces.Select(t => t.Forced));
        Assert.Equal(4, limiter.Live);

        // The forced ones decide and leave; the two newest remain.
        limiter.Exit(places[0]!);
        limiter.Exit(places[1]!);
        Assert.Equal(2, limiter.Live);
        var next = new RecordingTrace(4);
        Assert.NotNull(limiter.TryEnter(next));
        Assert.Equal(1, traces[2].Forced);
    }

    [Fact]
    public void WhenForcedDecisionsFallBehind_NewTracesAreRefusedPastTheHeadroom()
    {
        var limiter = Limiter(maxLive: 2, headroom: 1);
        var refusedBefore = GrainsMetrics.TracesRefused.Value;
        var traces = Enumerable.Range(0, 4).Select(i => new RecordingTrace(i)).ToArray();

        var places = traces.Select(limiter.TryEnter).ToArray();

        Assert.Equal([true, true, true, false], places.Select(p => p is not null));
        Assert.Equal(3, limiter.Live);
        Assert.Equal(1, GrainsMetrics.TracesRefused.Value - refusedBefore);

        // A trace that was told to decide leaves; there is room again.
        limiter.Exit(places[0]!);
        Assert.NotNull(limiter.TryEnter(traces[3]));
    }

    [Fact]
    public void ATraceDecidedOnItsOwn_IsNeverForcedAfterwards()
    {
        var limiter = Limiter(maxLive: 1, headroom: 5);
        var (first, second) = (new RecordingTrace(0), new RecordingTrace(1));

        limiter.Exit(limiter.TryEnter(first)!);
        limiter.TryEnter(second);
        limiter.TryEnter(new RecordingTrace(2));

        Assert.Equal(0, first.Forced);
        Assert.Equal(1, second.Forced);
    }

    [Fact]
    public void WithoutDecidingTheOldest_NewTracesPastTheLimitAreRefused()
    {
        var limiter = Limiter(maxLive: 1, headroom: 5, decideOldest: false);
        var first = new RecordingTrace(0);

        var place = limiter.TryEnter(first);
        Assert.Null(limiter.TryEnter(new RecordingTrace(1)));
        Assert.Equal(0, first.Forced);

        limiter.Exit(place!);
        Assert.NotNull(limiter.TryEnter(new RecordingTrace(2)));
    }

    private static LiveTraceLimiter Limiter(int maxLive, int headroom, bool decideOldest = true) =>
        new(Options.Create(new TraceGrainOptions { MaxLiveTraces = maxLive, ForcedDecisionHeadroom = headroom, DecideOldestWhenFull = decideOldest }));

    private sealed class RecordingTrace(int number) : ILiveTrace
    {
        public int Forced { get; private set; }

        public void ForceDecision() => Forced++;

        public override string ToString() => $"trace {number}";
    }
}
