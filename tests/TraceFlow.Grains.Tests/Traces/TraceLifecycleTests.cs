using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Tests.Infrastructure;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Traces;

[Collection(LifecycleClusterCollection.Name)]
public sealed class TraceLifecycleTests(LifecycleClusterFixture fixture)
{
    [Fact]
    public async Task OnceTheRootSpanIsIn_TheTraceIsDecidedAfterTheEarlyDecisionWait()
    {
        var early = GrainsMetrics.TracesDecided.WithLabels("early_decision_wait").Value;
        var traceId = NewTraceId();
        await fixture.SendAsync(Span(traceId, "child", parent: "root"));
        await fixture.AdvanceAsync(LifecycleClusterFixture.EarlyDecisionWait * 3);

        // Quiet for longer than the early wait, but the root has not arrived: still live.
        Assert.Null(fixture.FindDecision(traceId));

        await fixture.SendAsync(Span(traceId, "root"));
        await fixture.AdvanceAsync(LifecycleClusterFixture.EarlyDecisionWait / 2);
        Assert.Null(fixture.FindDecision(traceId));

        var decision = await fixture.WaitForDecisionAsync(traceId);
        Assert.True(decision.Keep);
        Assert.Equal(2, (await fixture.WaitUntilStoredAsync(traceId, minSpans: 2)).Spans.Length);
        Assert.True(GrainsMetrics.TracesDecided.WithLabels("early_decision_wait").Value > early);
    }

    [Fact]
    public async Task WithoutItsRootSpan_ATraceWaitsTheFullDecisionWait()
    {
        var traceId = NewTraceId();
        await fixture.SendAsync(Span(traceId, "child", parent: "root"));

        await fixture.AdvanceAsync(LifecycleClusterFixture.DecisionWait - TimeSpan.FromMilliseconds(200));
        Assert.Null(fixture.FindDecision(traceId));

        await fixture.WaitForDecisionAsync(traceId);
    }

    [Fact]
    public async Task PastMaxLiveTraces_TheOldestTracesAreDecidedFirst_AndKeptComplete()
    {
        var forced = GrainsMetrics.ForcedDecisions.Value;
        var traces = Enumerable.Range(0, 8).Select(_ => NewTraceId()).ToArray();
        foreach (var traceId in traces)
        {
            // Children only: no early decision, and the clock stands still, so only the limit can decide them.
            var first = await fixture.SendAsync(Span(traceId, "a", parent: "root"));
            Assert.False(first.Overloaded);
            await fixture.SendAsync(Span(traceId, "b", parent: "root"));
        }

        await Poll.UntilAsync(() => Task.FromResult(fixture.LiveTraces.Live), live => live <= LifecycleClusterFixture.MaxLiveTraces, "forced decisions to bring the silo back to its limit");

        var decided = traces.Select(t => fixture.FindDecision(t) is not null).ToArray();
        var keptLive = LifecycleClusterFixture.MaxLiveTraces;
        Assert.Equal([.. Enumerable.Repeat(true, traces.Length - keptLive), .. Enumerable.Repeat(false, keptLive)], decided);
        Assert.Equal(traces.Length - keptLive, GrainsMetrics.ForcedDecisions.Value - forced);
        foreach (var traceId in traces[..^keptLive])
        {
            Assert.Equal(2, (await fixture.GetStoredAsync(traceId))?.Spans.Length);
        }

        // The rest are decided as usual once quiet.
        foreach (var traceId in traces[^keptLive..])
        {
            await fixture.WaitUntilStoredAsync(traceId, minSpans: 2);
        }
    }
}
