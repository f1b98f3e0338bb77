using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Storage;

public sealed class InMemoryTraceStoreTests
{
    private static readonly SamplingDecision Kept = new(true, "always_sample");

    private static StoredTrace Trace(string id, params Span[] spans) => new(new TraceKey(TraceKey.DefaultTenant, id), [.. spans], Kept);

    [Fact]
    public void Write_BeyondCapacity_EvictsTheOldestTraceFirst()
    {
        var store = new InMemoryTraceStore(maxTraces: 3, maxSpansPerTrace: 10);
        for (var i = 0; i < 5; i++)
        {
            store.Write(Trace($"t{i}", Span($"t{i}", "a")));
        }

        Assert.Equal(3, store.Count);
        Assert.Null(store.Get("t0"));
        Assert.Null(store.Get("t1"));
        Assert.NotNull(store.Get("t4"));
    }

    [Fact]
    public void Write_BeyondItsBytes_EvictsTheOldestTraces_ButKeepsTheNewestHoweverLarge()
    {
        var probe = new InMemoryTraceStore(10, 10);
        probe.Write(Trace("p", Span("p", "a")));
        var oneTrace = probe.Bytes;
        var store = new InMemoryTraceStore(maxTraces: 100, maxSpansPerTrace: 100, maxBytes: (oneTrace * 2) + (oneTrace / 2));

        for (var i = 0; i < 4; i++)
        {
            store.Write(Trace($"t{i}", Span($"t{i}", "a")));
        }

        Assert.Equal(2, store.Count);
        Assert.Null(store.Get("t1"));
        Assert.NotNull(store.Get("t3"));
        Assert.True(store.Bytes <= (oneTrace * 2) + (oneTrace / 2));

        store.Write(Trace("big", [.. Enumerable.Range(0, 50).Select(i => Span("big", $"s{i}"))]));
        Assert.Equal(1, store.Count);
        Assert.Equal(50, store.Get("big")!.Spans.Length);
    }

    [Fact]
    public void ByDefault_TheStoreTakesATenthOfWhatTheGcMayUse_SplitOverItsShards()
    {
        Assert.Equal(1024L * 1024 * 1024 / 10 / 16, new StorageOptions().MaxBytesPerShard(1024L * 1024 * 1024));
        Assert.Equal(64L * 1024 * 1024 / 16, new StorageOptions { MaxMiB = 64 }.MaxBytesPerShard(1024L * 1024 * 1024));
    }

    [Fact]
    public void Write_OfAStoredTrace_MergesSpansById()
    {
        var store = new InMemoryTraceStore(10, 10);
        store.Write(Trace("t", Span("t", "a"), Span("t", "b", parent: "a")));
        store.Write(Trace("t", Span("t", "b", parent: "a"), Span("t", "c", parent: "a")));

        Assert.Equal(1, store.Count);
        Assert.Equal(["a", "b", "c"], store.Get("t")!.Spans.Select(s => s.SpanId).Order());
    }

    [Fact]
    public void Write_OfAStoredTrace_KeepsTheEventsOfMergedSpans()
    {
        var store = new InMemoryTraceStore(10, 10);
        store.Write(Trace("t", Span("t", "a") with { Events = [Event("first", offsetMs: 1)] }));
        store.Write(Trace(
            "t",
            Span("t", "a") with { Events = [Event("retried copy")] },
            Span("t", "b", parent: "a") with { StatusMessage = "boom", Events = [Event("exception", offsetMs: 3, new SpanAttribute("exception.type", "X"))] }));

        var spans = store.Get("t")!.Spans;
        Assert.Equal("first", Assert.Single(spans.Single(s => s.SpanId == "a").Events).Name);
        var b = spans.Single(s => s.SpanId == "b");
        Assert.Equal("boom", b.StatusMessage);
        Assert.Equal(new SpanAttribute("exception.type", "X"), Assert.Single(Assert.Single(b.Events).Attributes));
    }

    [Fact]
    public void Write_BeyondTheSpanCap_KeepsTheFirstSpans()
    {
        var store = new InMemoryTraceStore(10, maxSpansPerTrace: 2);
        store.Write(Trace("t", Span("t", "a"), Span("t", "b"), Span("t", "c")));

        Assert.Equal(2, store.Get("t")!.Spans.Length);
    }

    [Fact]
    public void Find_FiltersAndOrdersNewestFirst()
    {
        var store = new InMemoryTraceStore(10, 10);
        store.Write(Trace("old", Span("old", "a", service: "checkout", durationMs: 100)));
        store.Write(Trace("new", Span("new", "a", service: "checkout", startOffsetMs: 1_000, durationMs: 5)));
        store.Write(Trace("err", Span("err", "a", service: "payment", startOffsetMs: 500, status: SpanStatusCode.Error, attributes: new SpanAttribute("http.status", "500"))));

        Assert.Equal(["new", "err", "old"], store.Find(new TraceQuery()).Select(s => s.TraceId));
        Assert.Equal(["new", "old"], store.Find(new TraceQuery { Service = "checkout" }).Select(s => s.TraceId));
        Assert.Equal(["old"], store.Find(new TraceQuery { MinDurationNanos = 50_000_000 }).Select(s => s.TraceId));
        Assert.Equal(["new", "err"], store.Find(new TraceQuery { MaxDurationNanos = 20_000_000 }).Select(s => s.TraceId));
        Assert.Equal(["err"], store.Find(new TraceQuery { Status = SpanStatusCode.Error }).Select(s => s.TraceId));
        Assert.Equal(["new", "old"], store.Find(new TraceQuery { Status = SpanStatusCode.Ok }).Select(s => s.TraceId));
        Assert.Equal(["err"], store.Find(new TraceQuery { Tags = [new SpanAttribute("http.status", "500")] }).Select(s => s.TraceId));
        Assert.Empty(store.Find(new TraceQuery { Service = "checkout", Tags = [new SpanAttribute("http.status", "500")] }));
        Assert.Equal(["new"], store.Find(new TraceQuery { Limit = 1 }).Select(s => s.TraceId));
        Assert.Equal(["new"], store.Find(new TraceQuery { StartFromUnixNanos = BaseStartNanos + 600_000_000 }).Select(s => s.TraceId));
    }
}
