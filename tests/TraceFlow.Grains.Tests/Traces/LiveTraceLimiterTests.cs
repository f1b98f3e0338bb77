using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Tenants;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Traces;

public sealed class LiveTraceLimiterTests
{
    [Fact]
    public void PastTheLimit_EachNewTraceForcesTheOldestUndecidedOne()
    {
        var limiter = Limiter(maxLive: 2, headroom: 5);
        var traces = Enumerable.Range(0, 4).Select(i => new RecordingTrace(i)).ToArray();

        var places = traces.Select(t => Enter(limiter, t)).ToArray();

        Assert.All(places, Assert.NotNull);
        Assert.Equal([1, 1, 0, 0], traces.Select(t => t.Forced));
        Assert.Equal(4, limiter.Live);

        // The forced ones decide and leave; the two newest remain.
        limiter.Exit(places[0]!, Tenant);
        limiter.Exit(places[1]!, Tenant);
        Assert.Equal(2, limiter.Live);
        var next = new RecordingTrace(4);
        Assert.NotNull(Enter(limiter, next));
        Assert.Equal(1, traces[2].Forced);
    }

    [Fact]
    public void WhenForcedDecisionsFallBehind_NewTracesAreRefusedPastTheHeadroom()
    {
        var limiter = Limiter(maxLive: 2, headroom: 1);
        var refusedBefore = GrainsMetrics.TracesRefused.Value;
        var traces = Enumerable.Range(0, 4).Select(i => new RecordingTrace(i)).ToArray();

        var places = traces.Select(t => Enter(limiter, t)).ToArray();

        Assert.Equal([true, true, true, false], places.Select(p => p is not null));
        Assert.Equal(3, limiter.Live);
        Assert.Equal(1, GrainsMetrics.TracesRefused.Value - refusedBefore);

        // A trace that was told to decide leaves; there is room again.
        limiter.Exit(places[0]!, Tenant);
        Assert.NotNull(Enter(limiter, traces[3]));
    }

    [Fact]
    public void ATraceDecidedOnItsOwn_IsNeverForcedAfterwards()
    {
        var limiter = Limiter(maxLive: 1, headroom: 5);
        var (first, second) = (new RecordingTrace(0), new RecordingTrace(1));

        limiter.Exit(Enter(limiter, first)!, Tenant);
        Enter(limiter, second);
        Enter(limiter, new RecordingTrace(2));

        Assert.Equal(0, first.Forced);
        Assert.Equal(1, second.Forced);
    }

    [Fact]
    public void WithoutDecidingTheOldest_NewTracesPastTheLimitAreRefused()
    {
        var limiter = Limiter(maxLive: 1, headroom: 5, decideOldest: false);
        var first = new RecordingTrace(0);

        var place = Enter(limiter, first);
        Assert.Null(Enter(limiter, new RecordingTrace(1)));
        Assert.Equal(0, first.Forced);

        limiter.Exit(place!, Tenant);
        Assert.NotNull(Enter(limiter, new RecordingTrace(2)));
    }

    [Fact]
    public void ATenantAtItsLimit_IsRefused_WithoutForcingAnyDecision_WhileOtherTenantsAreAdmitted()
    {
        var tenants = new TenantLimitsOptions();
        tenants.Tenants["small"] = new TenantLimits { MaxLiveTraces = 2 };
        var limiter = Limiter(maxLive: 3, headroom: 0, tenants: tenants);
        var small = Enumerable.Range(0, 2).Select(i => new RecordingTrace(i)).ToArray();
        var places = small.Select(t => limiter.TryEnter(t, "small").Place).ToArray();

        var refused = limiter.TryEnter(new RecordingTrace(2), "small");

        Assert.Null(refused.Place);
        Assert.True(refused.TenantLimited);
        Assert.All(small, t => Assert.Equal(0, t.Forced));
        Assert.NotNull(limiter.TryEnter(new RecordingTrace(3), "other").Place);

        // The silo is now full: the next trace of another tenant meets the silo's limit, not the tenant's.
        var siloFull = limiter.TryEnter(new RecordingTrace(4), "other");
        Assert.Null(siloFull.Place);
        Assert.False(siloFull.TenantLimited);

        // One of the tenant's traces is decided: it has room again.
        limiter.Exit(places[0]!, "small");
        Assert.NotNull(limiter.TryEnter(new RecordingTrace(5), "small").Place);
    }

    [Fact]
    public void TheDefaultTenantLimit_AppliesToEachTenantSeparately_AndATenantsOwnOverridesIt()
    {
        var tenants = new TenantLimitsOptions { Defaults = new TenantLimits { MaxLiveTraces = 1 } };
        tenants.Tenants["big"] = new TenantLimits { MaxLiveTraces = 3 };
        var limiter = Limiter(maxLive: 100, headroom: 0, tenants: tenants);

        Assert.NotNull(limiter.TryEnter(new RecordingTrace(0), "a").Place);
        Assert.NotNull(limiter.TryEnter(new RecordingTrace(1), "b").Place);
        Assert.True(limiter.TryEnter(new RecordingTrace(2), "a").TenantLimited);
        Assert.Equal(3, Enumerable.Range(0, 5).Count(i => limiter.TryEnter(new RecordingTrace(i), "big").Place is not null));
    }

    private const string Tenant = "t";

    private static LinkedListNode<ILiveTrace>? Enter(LiveTraceLimiter limiter, ILiveTrace trace) => limiter.TryEnter(trace, Tenant).Place;

    private static LiveTraceLimiter Limiter(int maxLive, int headroom, bool decideOldest = true, TenantLimitsOptions? tenants = null) =>
        new(
            Options.Create(new TraceGrainOptions { MaxLiveTraces = maxLive, ForcedDecisionHeadroom = headroom, DecideOldestWhenFull = decideOldest }),
            Options.Create(tenants ?? new TenantLimitsOptions()));

    private sealed class RecordingTrace(int number) : ILiveTrace
    {
        public int Forced { get; private set; }

        public void ForceDecision() => Forced++;

        public override string ToString() => $"trace {number}";
    }
}
