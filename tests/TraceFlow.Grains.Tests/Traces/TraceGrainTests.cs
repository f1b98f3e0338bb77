using TraceFlow.Grains.Tests.Infrastructure;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Traces;

[Collection(SamplingClusterCollection.Name)]
public sealed class TraceGrainTests(SamplingClusterFixture fixture)
{
    [Fact]
    public async Task TraceGrain_SpansSentInSeparateCalls_LandInOneStoredTrace()
    {
        var traceId = NewTraceId();
        await fixture.SendAsync(Span(traceId, "root", status: SpanStatusCode.Error));
        await fixture.SendAsync(Span(traceId, "child-1", parent: "root", service: "inventory"));
        await fixture.SendAsync(Span(traceId, "child-2", parent: "root", service: "payment"));

        var stored = await fixture.WaitUntilStoredAsync(traceId);

        Assert.Equal(["child-1", "child-2", "root"], stored.Spans.Select(s => s.SpanId).Order());
        var matches = await fixture.Reader.FindTracesAsync(
            new() { Service = "inventory", Limit = 1000 }, TestContext.Current.CancellationToken);
        Assert.Single(matches, s => s.TraceId == traceId);
    }

    [Fact]
    public async Task TraceGrain_Decision_WaitsUntilTraceIsQuietForDecisionWait()
    {
        var wait = SamplingClusterFixture.DecisionWait;
        var traceId = NewTraceId();
        await fixture.SendAsync(Span(traceId, "a", status: SpanStatusCode.Error));
        await fixture.AdvanceAsync(wait * 0.75);
        await fixture.SendAsync(Span(traceId, "b", parent: "a"));
        await fixture.AdvanceAsync(wait * 0.75);

        // 1.5 × the wait since the first span, but only 0.75 × since the last: still live.
        Assert.Null(fixture.FindDecision(traceId));

        var decision = await fixture.WaitForDecisionAsync(traceId);
        Assert.True(decision.Keep);
        Assert.Equal("error", decision.Policy);
        var stored = await fixture.WaitUntilStoredAsync(traceId);
        Assert.Equal(2, stored.Spans.Length);
    }

    [Fact]
    public async Task TraceGrain_ATraceThatNeverGoesQuiet_IsDecidedAtItsMaximumLifetime()
    {
        var traceId = NewTraceId();
        var step = SamplingClusterFixture.DecisionWait * 0.75;
        var sent = 0;
        var lived = TimeSpan.Zero;
        await fixture.SendAsync(Span(traceId, "s0", status: SpanStatusCode.Error));

        // A span every 0.75 × the wait: the trace is never quiet long enough.
        while (fixture.FindDecision(traceId) is null && lived < SamplingClusterFixture.MaxTraceLifetime * 2)
        {
            await fixture.AdvanceAsync(step);
            lived += step;
            await fixture.SendAsync(Span(traceId, $"s{++sent}", parent: "s0"));
        }

        Assert.NotNull(fixture.FindDecision(traceId));
        Assert.InRange(lived, SamplingClusterFixture.MaxTraceLifetime, SamplingClusterFixture.MaxTraceLifetime + (step * 3));
    }

    [Fact]
    public async Task TraceGrain_LateSpanAfterKeep_JoinsTheStoredTraceWithoutASecondCopy()
    {
        var traceId = NewTraceId();
        await fixture.SendAsync(Span(traceId, "root", status: SpanStatusCode.Error, service: "late-keep"));
        await fixture.WaitUntilStoredAsync(traceId);

        var result = await fixture.SendAsync(Span(traceId, "late", parent: "root", service: "late-keep"));

        Assert.True(result.Late);
        Assert.Equal(1, result.Accepted);
        var stored = await fixture.WaitUntilStoredAsync(traceId, minSpans: 2);
        Assert.Equal(["late", "root"], stored.Spans.Select(s => s.SpanId).Order());
        var listed = await fixture.Reader.FindTracesAsync(new() { Service = "late-keep", Limit = 1000 }, TestContext.Current.CancellationToken);
        Assert.Single(listed, s => s.TraceId == traceId);
        Assert.Equal("error", stored.Decision.Policy);
    }

    [Fact]
    public async Task TraceGrain_LateSpanAfterDrop_FollowsTheDropAndIsNeverStored()
    {
        var traceId = NewTraceId(sampledIn: false, SamplingClusterFixture.SampleRate, SamplingClusterFixture.HashSalt);
        await fixture.SendAsync(Span(traceId, "root"));
        var decision = await fixture.WaitForDecisionAsync(traceId);
        Assert.False(decision.Keep);

        // Even an error span cannot revive a dropped trace: it follows the decision.
        var result = await fixture.SendAsync(Span(traceId, "late", parent: "root", status: SpanStatusCode.Error));
        Assert.True(result.Late);

        // A kept trace sent afterwards passes through the same write queue; once it is
        // stored, anything the late span could have queued would have been stored too.
        var marker = NewTraceId();
        await fixture.SendAsync(Span(marker, "m", status: SpanStatusCode.Error));
        await fixture.WaitUntilStoredAsync(marker);
        Assert.Null(await fixture.GetStoredAsync(traceId));
    }

    [Fact]
    public async Task TraceGrain_SpansBeyondTheTraceLimit_AreRefusedAsTooLarge()
    {
        var traceId = NewTraceId();
        var limit = SamplingClusterFixture.MaxSpansPerTrace;
        var spans = Enumerable.Range(0, limit + 5).Select(i => Span(traceId, $"s{i}", status: SpanStatusCode.Error)).ToArray();

        var result = await fixture.SendAsync(spans);

        Assert.Equal(limit, result.Accepted);
        Assert.Equal(5, result.TooLarge);
        var stored = await fixture.WaitUntilStoredAsync(traceId);
        Assert.Equal(limit, stored.Spans.Length);
    }

    [Fact]
    public async Task TraceGrain_ARetriedBatch_IsStoredOnce()
    {
        var traceId = NewTraceId();
        Span[] batch = [Span(traceId, "a", status: SpanStatusCode.Error), Span(traceId, "b", parent: "a")];

        await fixture.SendAsync(batch);
        await fixture.SendAsync(batch);

        var stored = await fixture.WaitUntilStoredAsync(traceId);
        Assert.Equal(2, stored.Spans.Length);
    }

    [Fact]
    public async Task TraceGrain_ARetryOverlappingNewSpans_StoresEachSpanOnce()
    {
        var traceId = NewTraceId();
        var spans = Enumerable.Range(0, 18).Select(i => Span(traceId, $"s{i}", status: i == 0 ? SpanStatusCode.Error : SpanStatusCode.Unset)).ToArray();

        await fixture.SendAsync(spans[..12]);
        var retry = await fixture.SendAsync(spans[6..]); // 6 already held, 6 new

        Assert.Equal(12, retry.Accepted);
        Assert.Equal(0, retry.TooLarge);
        var stored = await fixture.WaitUntilStoredAsync(traceId, minSpans: 18);
        Assert.Equal(spans.Select(s => s.SpanId).Order(), stored.Spans.Select(s => s.SpanId).Order());
    }

    [Fact]
    public async Task TraceGrain_SpanEventsAndStatusMessage_SurviveIntoTheStoredTrace()
    {
        var traceId = NewTraceId();
        var root = Span(traceId, "root", status: SpanStatusCode.Error) with
        {
            StatusMessage = "payment timed out",
            Events =
            [
                Event("retry", offsetMs: 2),
                Event("exception", offsetMs: 5, new SpanAttribute("exception.type", "System.TimeoutException"), new SpanAttribute("exception.message", "timed out")),
            ],
        };
        await fixture.SendAsync(root);
        await fixture.SendAsync(Span(traceId, "child", parent: "root") with { Events = [Event("cache.miss", offsetMs: 1)] });

        var stored = await fixture.WaitUntilStoredAsync(traceId, minSpans: 2);

        var storedRoot = stored.Spans.Single(s => s.SpanId == "root");
        Assert.Equal("payment timed out", storedRoot.StatusMessage);
        Assert.Equal(["retry", "exception"], storedRoot.Events.Select(e => e.Name));
        Assert.Equal(root.Events[1].TimeUnixNanos, storedRoot.Events[1].TimeUnixNanos);
        Assert.Equal(root.Events[1].Attributes, storedRoot.Events[1].Attributes.AsEnumerable());
        Assert.Empty(storedRoot.Events[0].Attributes);
        var storedChild = stored.Spans.Single(s => s.SpanId == "child");
        Assert.Null(storedChild.StatusMessage);
        Assert.Equal("cache.miss", Assert.Single(storedChild.Events).Name);
    }
}
