using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Tests.Infrastructure;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Storage;

/// <summary>What the Zipkin and Jaeger query APIs ask the store beyond searches: names, calls, values.</summary>
public sealed class InMemoryTraceStoreCatalogTests
{
    private static readonly SamplingDecision Kept = new(true, "always_sample");

    private static StoredTrace Trace(string id, params Span[] spans) => new(new TraceKey(TraceKey.DefaultTenant, id), [.. spans], Kept);

    [Fact]
    public void Catalog_ListsServicesOperationsByKindAndRemoteServices()
    {
        var store = new InMemoryTraceStore(10, 10);
        store.Write(Trace(
            "t1",
            Span("t1", "a", service: "checkout", operation: "GET /checkout") with { Kind = SpanKind.Server },
            Span("t1", "b", parent: "a", service: "checkout", operation: "SELECT", attributes: new SpanAttribute("peer.service", "postgres")) with { Kind = SpanKind.Client }));
        store.Write(Trace("t2", Span("t2", "c", service: "payment", operation: "charge")));

        var catalog = store.Catalog();

        Assert.Equal(["checkout", "payment"], catalog.Services.Order());
        Assert.Contains(new OperationEntry("checkout", "GET /checkout", SpanKind.Server), catalog.Operations);
        Assert.Contains(new OperationEntry("checkout", "SELECT", SpanKind.Client), catalog.Operations);
        Assert.Equal([new RemoteServiceEntry("checkout", "postgres")], catalog.RemoteServices);
    }

    [Fact]
    public void Dependencies_SumCallsOfTracesStartingInTheWindowOnly()
    {
        var store = new InMemoryTraceStore(10, 10);
        store.Write(Trace("early", Span("early", "a", service: "checkout"), Span("early", "b", parent: "a", service: "payment")));
        store.Write(Trace(
            "late",
            Span("late", "a", service: "checkout", startOffsetMs: 1_000),
            Span("late", "b", parent: "a", service: "payment", startOffsetMs: 1_001, status: SpanStatusCode.Error),
            Span("late", "c", parent: "a", service: "payment", startOffsetMs: 1_002)));

        var all = store.Dependencies(long.MinValue, long.MaxValue);
        var lateOnly = store.Dependencies(BaseStartNanos + 500_000_000, long.MaxValue);

        Assert.Equal(new ServiceCall("checkout", "payment", 3, 1), Assert.Single(all).Call);
        Assert.Equal(new ServiceCall("checkout", "payment", 2, 1), Assert.Single(lateOnly).Call);
    }

    [Fact]
    public void Dependencies_RecordTheChildSpanDurationOfEveryCall_InTheEdgesHistogram()
    {
        var store = new InMemoryTraceStore(10, 10);
        store.Write(Trace("one", Span("one", "a", service: "checkout", durationMs: 500), Span("one", "b", parent: "a", service: "payment", durationMs: 20)));
        store.Write(Trace(
            "two",
            Span("two", "a", service: "checkout", durationMs: 800),
            Span("two", "b", parent: "a", service: "payment", startOffsetMs: 1, durationMs: 30),
            Span("two", "c", parent: "a", service: "inventory", startOffsetMs: 2, durationMs: 5),
            Span("two", "d", parent: "a", service: "payment", startOffsetMs: 3, durationMs: 400)));

        var edges = store.Dependencies(long.MinValue, long.MaxValue).ToDictionary(d => d.Call.Child);

        var payment = edges["payment"].Latency;
        Assert.Equal((3L, 20.0, 400.0), (payment.Count, payment.Min, payment.Max));
        QuantileAssert.AssertWithinAccuracy(30, payment.Quantile(0.5));
        QuantileAssert.AssertWithinAccuracy(400, payment.Quantile(0.95));
        Assert.Equal((1L, 5.0), (edges["inventory"].Latency.Count, edges["inventory"].Latency.Quantile(0.99)));
    }

    [Fact]
    public void Dependencies_OfATraceGrownByLateSpans_CountTheLateCallsLatencyOnce()
    {
        var store = new InMemoryTraceStore(10, 10);
        store.Write(Trace("t", Span("t", "a", service: "checkout"), Span("t", "b", parent: "a", service: "payment", durationMs: 20)));
        store.Write(Trace("t", Span("t", "b", parent: "a", service: "payment", durationMs: 20), Span("t", "c", parent: "a", service: "payment", startOffsetMs: 1, durationMs: 60)));

        var edge = Assert.Single(store.Dependencies(long.MinValue, long.MaxValue));

        Assert.Equal((2, 2L, 20.0, 60.0), (edge.Call.CallCount, edge.Latency.Count, edge.Latency.Min, edge.Latency.Max));
    }

    [Fact]
    public void AttributeValues_AreDistinct_FromSpanAndResourceAttributes_NewestTraceFirst()
    {
        var store = new InMemoryTraceStore(10, 10);
        store.Write(Trace("t1", Span("t1", "a", attributes: new SpanAttribute("environment", "staging"))));
        store.Write(Trace("t2", Span("t2", "a") with { ResourceAttributes = [new SpanAttribute("environment", "prod")] }));
        store.Write(Trace("t3", Span("t3", "a", attributes: new SpanAttribute("environment", "prod"))));

        Assert.Equal(["prod", "staging"], store.AttributeValues("environment", 10));
        Assert.Equal(["prod"], store.AttributeValues("environment", 1));
    }

    [Fact]
    public void Find_MatchesTagsByTextWhateverTheirType_OnSpanResourceAndEventAttributes()
    {
        var store = new InMemoryTraceStore(10, 10);
        store.Write(Trace("typed", Span("typed", "a", attributes: new SpanAttribute("http.response.status_code", "500", AttributeValueType.IntValue))));
        store.Write(Trace("resource", Span("resource", "a") with { ResourceAttributes = [new SpanAttribute("deployment.environment", "prod")] }));
        store.Write(Trace("event", Span("event", "a") with { Events = [Event("exception", 0, new SpanAttribute("exception.type", "Timeout"))] }));

        Assert.Equal(["typed"], Ids(store.Find(new TraceQuery { Tags = [new SpanAttribute("http.response.status_code", "500")] })));
        Assert.Equal(["resource"], Ids(store.Find(new TraceQuery { Tags = [new SpanAttribute("deployment.environment", "prod")] })));
        Assert.Equal(["event"], Ids(store.Find(new TraceQuery { Tags = [new SpanAttribute("exception.type", "Timeout")] })));
        Assert.Equal(["event"], Ids(store.Find(new TraceQuery { Terms = ["exception"] })));
    }

    [Fact]
    public void Find_ConditionsAcrossSpans_LetsDifferentSpansOfTheServiceMeetThem()
    {
        var store = new InMemoryTraceStore(10, 10);
        store.Write(Trace(
            "t",
            Span("t", "a", service: "checkout", operation: "GET /checkout"),
            Span("t", "b", parent: "a", service: "checkout", operation: "SELECT", attributes: new SpanAttribute("peer.service", "postgres")),
            Span("t", "c", parent: "a", service: "payment", operation: "charge", attributes: new SpanAttribute("card", "visa"))));
        var sameSpan = new TraceQuery { Service = "checkout", Operation = "GET /checkout", RemoteService = "postgres" };

        Assert.Empty(store.Find(sameSpan));
        Assert.Equal(["t"], Ids(store.Find(sameSpan with { ConditionsAcrossSpans = true })));
        Assert.Empty(store.Find(sameSpan with { ConditionsAcrossSpans = true, Tags = [new SpanAttribute("card", "visa")] }));
    }

    private static IEnumerable<string> Ids(IEnumerable<TraceSummary> summaries) => summaries.Select(s => s.TraceId);

    [Fact]
    public void Catalog_StopsGrowingAtItsCap_WhateverTheSendersInvent()
    {
        var store = new InMemoryTraceStore(maxTraces: 10, maxSpansPerTrace: 10);
        for (var i = 0; i < 10_050; i++)
        {
            store.Write(Trace($"t{i}", Span($"t{i}", "a", service: $"svc-{i}", operation: $"op-{i}")));
        }

        var catalog = store.Catalog();

        Assert.Equal(10_000, catalog.Services.Length);
        Assert.Equal(10_000, catalog.Operations.Length);
        Assert.Equal(10, store.Count);
    }
}
